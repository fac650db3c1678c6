/**
 * Editing the content from the editors' console: add a question to an intent (as a training example
 * or a held-out test), start a new intent, publish a topic. Every change is
 *
 * 1. computed with the `yaml` Document API (parseDocument → addIn / new Document) and spliced into the
 *    file's own text at the positions the Document gives, so comments, quoting, folded lines and flow
 *    lists elsewhere stay byte for byte (re-printing the whole Document with `toString()` would reflow
 *    multi-line plain scalars and pad flow lists: 43 of the 61 content files would change). The
 *    spliced text must parse to exactly the Document-API result, and the diff must be added lines
 *    only, or the edit is refused;
 * 2. validated exactly as `npm run kb -- validate` does (src/kb/validate.ts) on a temporary copy of
 *    the content with the edit applied, BEFORE anything is written; an edit that would make the bot
 *    stop claiming a language, or that repeats a phrase already in the same list, is refused too;
 * 3. written atomically (temporary file + rename), one edit at a time;
 * 4. picked up by the running bot through the hot reload (src/kb/live.ts).
 *
 * A refusal carries the validator's problems: file, line, field and message.
 */
import { cp, mkdtemp, readFile, rm, writeFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parse, parseDocument, stringify, type Node } from 'yaml';
import { writeAtomic } from '../store/atomic-file.ts';
import type { Content, Problem } from './loader.ts';
import { LANGUAGES, type Language } from './schema.ts';
import { normalizeForCompare } from './text.ts';
import { validateContent } from './validate.ts';

export type PhraseList = 'examples' | 'tests';

export type ContentChange =
  | { kind: 'add-phrase'; intent: string; list: PhraseList; language: string; text: string }
  | {
      kind: 'new-intent';
      id: string;
      description: string;
      /** The knowledge topic the answer is built from (`{{k:TOPIC}}` in every language). */
      topic: string;
      examples: Partial<Record<string, string[]>>;
      tests?: Partial<Record<string, string[]>>;
    }
  | {
      kind: 'new-topic';
      id: string;
      title: Partial<Record<string, string>>;
      text: Partial<Record<string, string>>;
      sources: { title: string; url?: string; seed?: string }[];
      reviewed: string;
      /** Where it goes (relative to the content root); default knowledge/topics-editors.yaml. */
      file?: string;
    };

export interface PlannedEdit {
  /** Relative to the content root. */
  file: string;
  before: string | null;
  after: string;
}

export type EditResult =
  | {
      ok: true;
      file: string;
      /** The lines the edit added (what `git diff` shows with a +). */
      added: string[];
      warnings: Problem[];
      /** Resolves when the running bot has reloaded the content. */
      live: Promise<{ ok: true } | { ok: false; problems: Problem[] }>;
    }
  | { ok: false; problems: Problem[] };

export const EDITORS_TOPIC_FILE = 'knowledge/topics-editors.yaml';

/** One line, trimmed: a phrase is a single message. */
export function cleanPhrase(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The lines `after` adds to `before`, when it only adds lines at one place; undefined otherwise. */
export function addedLines(before: string, after: string): string[] | undefined {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (endA !== start) return undefined;
  return b.slice(start, endB);
}

const blockScalar = (value: string) => stringify(value, { lineWidth: 0, singleQuote: true }).trimEnd();

/** A scalar inside a flow list: plain when that reads back the same, else single-quoted. */
function flowScalar(value: string): string {
  const plain = !/[,[\]{}#:&*!|>'"%@`]/.test(value) && !/^[-?\s]|\s$/.test(value);
  if (plain && parse(`[${value}]`)?.[0] === value) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

/** The index just after the end of the line holding position `pos - 1` (the end of a node's value). */
function afterLine(text: string, pos: number): number {
  if (pos > 0 && text[pos - 1] === '\n') return pos;
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** Inserts `insert` (whole lines ending in \n) at `at`, minding a file without a final newline. */
function insertLines(text: string, at: number, insert: string): string {
  if (at === text.length && text.length > 0 && !text.endsWith('\n'))
    return `${text}\n${insert.replace(/\n$/, '')}`;
  return text.slice(0, at) + insert + text.slice(at);
}

/**
 * Appends `value` to the sequence at `seqPath` (creating the sequence under its parent map when it is
 * missing), keeping the rest of the text as it is. Undefined when the layout does not allow it.
 */
export function appendToSequence(
  text: string,
  seqPath: (string | number)[],
  value: unknown,
): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const node = doc.getIn(seqPath, true) as Node | undefined;
  const item = (indent: string) => {
    if (typeof value === 'string') return `${indent}- ${blockScalar(value)}\n`;
    const lines = new Document([value]).toString({ lineWidth: 0, singleQuote: true }).trimEnd().split('\n');
    return lines.map((l) => `${indent}${l}`).join('\n') + '\n';
  };
  let out: string | undefined;
  if (isSeq(node) && node.items.length > 0) {
    const last = node.items.at(-1) as Node;
    if (!last.range) return undefined;
    if (node.flow) {
      if (typeof value !== 'string') return undefined;
      const close = text.indexOf(']', last.range[1]);
      if (close < 0) return undefined;
      const between = text.slice(last.range[1], close);
      if (/^,?[ \t]*\n/.test(between)) {
        // One item a line (as prettier writes long lists): a new line like the last one.
        const start = lineStart(text, last.range[0]);
        const indent = /^\s*/.exec(text.slice(start))![0];
        const comma = between.startsWith(',') ? ',' : '';
        if (!comma) return undefined;
        out = insertLines(text, afterLine(text, last.range[1]), `${indent}${flowScalar(value)},\n`);
      } else {
        out = `${text.slice(0, last.range[1])}, ${flowScalar(value)}${text.slice(last.range[1])}`;
      }
    } else {
      const start = lineStart(text, last.range[0]);
      const m = /^(\s*)-\s/.exec(text.slice(start, last.range[0]));
      // The dash of a map item is on the line of its first key; anything else is an unusual layout.
      const dash = m ?? (isMap(last) ? /^(\s*)-\s/.exec(text.slice(start)) : null);
      if (!dash) return undefined;
      out = insertLines(text, afterLine(text, last.range[1]), item(dash[1]!));
    }
  } else if (node === undefined || node === null || (isScalar(node) && node.value === null)) {
    const parentPath = seqPath.slice(0, -1);
    const key = seqPath.at(-1)!;
    const parent = (parentPath.length ? doc.getIn(parentPath, true) : doc.contents) as Node | undefined;
    if (!isMap(parent)) return undefined;
    if (parent.flow) {
      // `tests: {}` becomes a block map: the one line changes, the list is added below it.
      if (parent.items.length > 0 || !parent.range) return undefined;
      const keyLine = lineStart(text, parent.range[0]);
      const indent = `${/^\s*/.exec(text.slice(keyLine))![0]}  `;
      out =
        text.slice(0, parent.range[0]).replace(/[ \t]*$/, '') +
        `\n${indent}${key}:\n${item(`${indent}  `).replace(/\n$/, '')}` +
        text.slice(parent.range[1]);
    } else if (node !== undefined) {
      return undefined;
    } else if (parent.items.length > 0) {
      const lastPair = parent.items.at(-1)!;
      const k = lastPair.key as Node;
      const v = lastPair.value as Node | null;
      if (!k.range) return undefined;
      const ks = lineStart(text, k.range[0]);
      const indent = text.slice(ks, k.range[0]);
      if (!/^\s*$/.test(indent)) return undefined;
      // Items indented under their key as the sibling lists are (two spaces by default).
      let step = '  ';
      if (isSeq(v) && !v.flow && v.items[0] && (v.items[0] as Node).range) {
        const s = (v.items[0] as Node).range![0];
        const m = /^(\s*)-\s/.exec(text.slice(lineStart(text, s), s));
        if (m && m[1]!.length >= indent.length) step = m[1]!.slice(indent.length);
      }
      const end = afterLine(text, (v?.range ?? k.range)[1]);
      out = insertLines(text, end, `${indent}${key}:\n${item(indent + step)}`);
    } else return undefined;
  } else return undefined;

  // The spliced text must mean exactly what the Document API would have made.
  const expected = parseDocument(text);
  if (isSeq(node) || (node !== undefined && node !== null && !(isScalar(node) && node.value === null)))
    expected.addIn(seqPath, value);
  else expected.setIn(seqPath, [value]);
  try {
    if (!isDeepStrictEqual(parse(out), expected.toJS())) return undefined;
  } catch {
    return undefined;
  }
  return out;
}

const problem = (file: string, field: string, message: string): Problem => ({ file, field, message });

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Computes the new text of the file a change touches (nothing is written). */
export async function planChange(
  root: string,
  content: Content,
  change: ContentChange,
): Promise<PlannedEdit | { problems: Problem[] }> {
  if (change.kind === 'add-phrase') {
    const rel = content.origins.get(`intent:${change.intent}`);
    if (!rel) return { problems: [problem('intents', 'intent', `unknown intent "${change.intent}"`)] };
    if (!(LANGUAGES as readonly string[]).includes(change.language))
      return {
        problems: [
          problem(
            rel,
            `${change.list}.${change.language}`,
            `unknown language "${change.language}" (${LANGUAGES.join(', ')})`,
          ),
        ],
      };
    const before = await readFile(path.join(root, rel), 'utf8');
    const after = appendToSequence(before, [change.list, change.language], cleanPhrase(change.text));
    if (after === undefined)
      return {
        problems: [
          problem(
            rel,
            `${change.list}.${change.language}`,
            'the layout of this list cannot be kept: edit the file by hand',
          ),
        ],
      };
    return { file: rel, before, after };
  }
  if (change.kind === 'new-intent') {
    const rel = `intents/${change.id}.yaml`;
    if (await exists(path.join(root, rel)))
      return { problems: [problem(rel, 'id', `${rel} exists already`)] };
    const list = (lists: Partial<Record<string, string[]>> | undefined) =>
      Object.fromEntries(
        Object.entries(lists ?? {})
          .map(([lang, l]) => [lang, (l ?? []).map(cleanPhrase).filter((x) => x.length > 0)] as const)
          .filter(([, l]) => l.length > 0),
      );
    const examples = list(change.examples);
    const intent = {
      id: change.id,
      description: cleanPhrase(change.description),
      examples,
      tests: list(change.tests),
      answer: Object.fromEntries(Object.keys(examples).map((lang) => [lang, `{{k:${change.topic}}}`])),
      knowledge: [change.topic],
      offer_human: true,
    };
    const doc = new Document(intent);
    const day = new Date().toISOString().slice(0, 10);
    doc.commentBefore = ` Started in the editors' console on ${day}. The answer is the topic "${change.topic}".`;
    return { file: rel, before: null, after: doc.toString({ lineWidth: 0, singleQuote: true }) };
  }
  const rel = change.file ?? EDITORS_TOPIC_FILE;
  const entry = {
    id: change.id,
    title: change.title,
    text: change.text,
    sources: change.sources.map((s) =>
      Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== '')),
    ),
    reviewed: change.reviewed,
  };
  const abs = path.join(root, rel);
  const before = (await exists(abs)) ? await readFile(abs, 'utf8') : null;
  const base =
    before ??
    "# Topics written in the editors' console (from staff answers, rewritten and sourced by an editor).\nkind: topic\nentries:\n";
  const after =
    before === null
      ? base + new Document([entry]).toString({ lineWidth: 0, singleQuote: true }).replace(/^(?=.)/gm, '  ')
      : appendToSequence(base, ['entries'], entry);
  if (after === undefined)
    return { problems: [problem(rel, 'entries', 'the layout of this file cannot be kept: edit it by hand')] };
  return { file: rel, before, after };
}

/** Validates the content under `root` with `edit` applied, on a temporary copy (nothing is written to `root`). */
export async function validateWith(
  root: string,
  edit: PlannedEdit,
  options: { maxReviewAgeDays?: number } = {},
) {
  const tmp = await mkdtemp(path.join(tmpdir(), 'mrb-edit-'));
  try {
    for (const dir of ['knowledge', 'intents', 'conversations'])
      if (await exists(path.join(root, dir)))
        await cp(path.join(root, dir), path.join(tmp, dir), { recursive: true });
    await mkdir(path.dirname(path.join(tmp, edit.file)), { recursive: true });
    await writeFile(path.join(tmp, edit.file), edit.after);
    const { safetyRoot } = await import('../safety/load.ts');
    return await validateContent(tmp, {
      maxReviewAgeDays: options.maxReviewAgeDays,
      safetyRoot: safetyRoot(root),
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export interface ContentEditorOptions {
  root: string;
  /** The content the bot runs on now (for intents' files and the languages it claims). */
  current: () => Content;
  /** Reloads the running bot's content (LiveNlu.reload). */
  reload: () => Promise<{ ok: true } | { ok: false; problems: Problem[] }>;
  maxReviewAgeDays?: number;
}

/** Applies content changes one at a time: plan, validate, write, reload. */
export class ContentEditor {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: ContentEditorOptions) {}

  apply(change: ContentChange): Promise<EditResult> {
    const run = this.queue.then(() => this.applyNow(change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(change: ContentChange): Promise<EditResult> {
    const current = this.o.current();
    const planned = await planChange(this.o.root, current, change);
    if ('problems' in planned) return { ok: false, problems: planned.problems };
    const added =
      planned.before === null
        ? planned.after.replace(/\n$/, '').split('\n')
        : addedLines(planned.before, planned.after);
    const flowEdit = planned.before !== null && added === undefined;
    if (flowEdit && change.kind !== 'add-phrase')
      return {
        ok: false,
        problems: [
          problem(planned.file, 'entries', 'the edit would change existing lines: edit the file by hand'),
        ],
      };

    const result = await validateWith(this.o.root, planned, { maxReviewAgeDays: this.o.maxReviewAgeDays });
    const problems = [...result.errors];
    const lost = current.languages.filter((l) => !result.content.languages.includes(l));
    if (problems.length === 0 && lost.length > 0) {
      const field =
        change.kind === 'new-intent'
          ? `examples.${lost[0]}`
          : change.kind === 'add-phrase'
            ? `${change.list}.${change.language}`
            : 'entries';
      problems.push(
        problem(
          planned.file,
          field,
          `the bot would stop answering in ${lost.join(', ')}: every intent needs examples and an answer in every language the bot speaks`,
        ),
      );
    }
    // A phrase already in the same list is only a warning for `kb validate`; here it would be a no-op edit.
    if (change.kind === 'add-phrase') {
      const field = `${change.list}.${change.language}`;
      const list =
        result.content.intentById.get(change.intent)?.[change.list][change.language as Language] ?? [];
      const phrase = normalizeForCompare(change.text);
      const index = list.findIndex((t) => normalizeForCompare(t) === phrase);
      if (phrase.length > 0 && index >= 0 && index < list.length - 1) {
        const dup = result.warnings.find(
          (w) => w.file === planned.file && w.field === `${field}.${list.length - 1}`,
        );
        problems.push(
          dup ?? problem(planned.file, `${field}.${index}`, `"${cleanPhrase(change.text)}" is already there`),
        );
      }
    }
    if (problems.length > 0) return { ok: false, problems };

    const abs = path.join(this.o.root, planned.file);
    await mkdir(path.dirname(abs), { recursive: true });
    // Someone changed the file since it was read (by hand): start again rather than overwrite.
    const onDisk = (await exists(abs)) ? await readFile(abs, 'utf8') : null;
    if (onDisk !== planned.before)
      return {
        ok: false,
        problems: [problem(planned.file, '', 'the file changed while the edit was checked: try again')],
      };
    await writeAtomic(abs, planned.after, true);
    const warnings = result.warnings.filter((w) => w.file === planned.file);
    return { ok: true, file: planned.file, added: added ?? [], warnings, live: this.o.reload() };
  }
}
