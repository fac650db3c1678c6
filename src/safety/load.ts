/**
 * Loads the safeguarding content under `<root>/safety/`: categories, patterns (one file per language or
 * writing), replies, and the held-out test sets. Every problem names file, line and field, like the
 * knowledge loader; a load with errors never replaces good content in a running bot.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isNode, LineCounter, parse, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Problem } from '../kb/loader.ts';
import { compileDetector, type Detector } from './detector.ts';
import { RepliesFile } from './replies.ts';
import { CategoriesFile, HeldOutFile, PatternFile } from './schema.ts';

export interface SafetyContent {
  categories: CategoriesFile;
  patterns: { file: string; data: PatternFile }[];
  replies: RepliesFile;
  heldOut: { file: string; data: HeldOutFile }[];
  detector: Detector;
}

async function yamlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((f) => /\.ya?ml$/i.test(f))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

async function parseFile<S extends z.ZodType>(
  root: string,
  abs: string,
  schema: S,
  errors: Problem[],
): Promise<z.infer<S> | undefined> {
  const rel = path.relative(root, abs) || abs;
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch {
    errors.push({ file: rel, message: 'missing file' });
    return undefined;
  }
  // The plain parser is much faster; positions are only needed to report a problem.
  let data: unknown;
  let syntaxOk = true;
  try {
    data = parse(text);
  } catch {
    syntaxOk = false;
  }
  const parsed = syntaxOk ? schema.safeParse(data) : undefined;
  if (parsed?.success) return parsed.data;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (!parsed || doc.errors.length > 0) {
    for (const e of doc.errors)
      errors.push({
        file: rel,
        line: e.linePos?.[0]?.line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      });
    if (doc.errors.length === 0) errors.push({ file: rel, message: 'YAML syntax error' });
    return undefined;
  }
  for (const issue of parsed.error.issues) {
    let line: number | undefined;
    for (let n = issue.path.length; n >= 0 && line === undefined; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
    }
    errors.push({ file: rel, line, field: issue.path.join('.') || undefined, message: issue.message });
  }
  return undefined;
}

/** The repository's own safety content, used when a content root has none (e.g. test fixtures). */
export const DEFAULT_SAFETY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `root` when it has a `safety/` folder, otherwise the repository's. */
export function safetyRoot(root: string): string {
  return existsSync(path.join(root, 'safety')) ? root : DEFAULT_SAFETY_ROOT;
}

/**
 * Loads `<root>/safety`; `errors` lists every problem (the content is unusable when there are any).
 * The held-out sets are read only when asked (`heldOut: true`: evaluation, validation, tests).
 */
export async function loadSafety(
  root: string,
  options: { heldOut?: boolean } = { heldOut: true },
): Promise<{ content?: SafetyContent; errors: Problem[] }> {
  const errors: Problem[] = [];
  const dir = path.join(root, 'safety');
  const categories = await parseFile(root, path.join(dir, 'categories.yaml'), CategoriesFile, errors);
  const replies = await parseFile(root, path.join(dir, 'replies.yaml'), RepliesFile, errors);
  const patterns: SafetyContent['patterns'] = [];
  for (const abs of await yamlFiles(path.join(dir, 'patterns'))) {
    const data = await parseFile(root, abs, PatternFile, errors);
    if (data) patterns.push({ file: path.relative(root, abs), data });
  }
  const heldOut: SafetyContent['heldOut'] = [];
  for (const abs of options.heldOut ? await yamlFiles(path.join(dir, 'heldout')) : []) {
    const data = await parseFile(root, abs, HeldOutFile, errors);
    if (data) heldOut.push({ file: path.relative(root, abs), data });
  }
  if (patterns.length === 0) errors.push({ file: 'safety/patterns', message: 'no pattern files' });
  if (!categories || !replies || errors.length > 0) return { errors };
  let detector: Detector;
  try {
    detector = compileDetector({ categories, patterns });
  } catch (error) {
    errors.push({ file: 'safety/patterns', message: error instanceof Error ? error.message : String(error) });
    return { errors };
  }
  return { content: { categories, patterns, replies, heldOut, detector }, errors };
}

const loaded = new Map<string, Promise<{ content?: SafetyContent; errors: Problem[] }>>();

/**
 * The bot's copy: loaded once per root and process (without the held-out sets), so every app a process
 * builds (tests build many) shares one compiled detector. Editing safety/ needs a restart.
 */
export function loadSafetyOnce(root: string): Promise<{ content?: SafetyContent; errors: Problem[] }> {
  let p = loaded.get(root);
  if (!p) {
    p = loadSafety(root, { heldOut: false });
    loaded.set(root, p);
    p.then(
      (r) => {
        if (!r.content) loaded.delete(root);
      },
      () => loaded.delete(root),
    );
  }
  return p;
}
