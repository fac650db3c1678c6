/**
 * `npx tsx scripts/translation-dates.ts [--content DIR] [--write]`: when did each language's texts of
 * each knowledge entry last change, according to git history? Prints the translations whose text last
 * changed before their English text did (they may no longer say what the English says), and with
 * --write records the dates as each entry's `text_reviewed` (keeping the files' comments and layout),
 * so the console's knowledge health can flag them at run time without git.
 *
 * Git is read only here, never by the running bot. A change not yet committed counts as today.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { isMap, isScalar, parse, parseDocument, type Pair } from 'yaml';
import { LANGUAGES, type Language } from '../src/kb/schema.ts';

const args = process.argv.slice(2);
const root = path.resolve(args.includes('--content') ? args[args.indexOf('--content') + 1]! : '.');
const write = args.includes('--write');

const isLocalized = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as Record<string, unknown>).en === 'string' &&
  Object.keys(v).every((k) => (LANGUAGES as readonly string[]).includes(k));

/** Every text of an entry in one language, as one string to compare between versions. */
function textsOf(entry: unknown): Map<Language, string> {
  const out = new Map<Language, string[]>();
  const walk = (v: unknown, at: string) => {
    if (typeof v !== 'object' || v === null) return;
    if (isLocalized(v)) {
      for (const [k, text] of Object.entries(v)) {
        let list = out.get(k as Language);
        if (!list) out.set(k as Language, (list = []));
        list.push(`${at}=${text}`);
      }
      return;
    }
    for (const [k, child] of Object.entries(v))
      if (k !== 'text_reviewed' && k !== 'names') walk(child, `${at}.${k}`);
  };
  walk(entry, '');
  return new Map([...out].map(([k, v]) => [k, v.join('\n')]));
}

function git(...a: string[]): string {
  return execFileSync('git', ['-C', root, ...a], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

const today = new Date().toISOString().slice(0, 10);
const dir = path.join(root, 'knowledge');
const files = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

let flagged = 0;
let written = 0;
for (const name of files) {
  const rel = path.join('knowledge', name);
  const revisions = git('log', '--format=%H %cs', '--', rel)
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ') as [string, string])
    .reverse();
  const versions: { date: string; text: string }[] = revisions.map(([hash, date]) => ({
    date,
    text: git('show', `${hash}:${rel}`),
  }));
  const current = readFileSync(path.join(root, rel), 'utf8');
  if (versions.at(-1)?.text !== current) versions.push({ date: today, text: current });

  // id → language → [text, date it last changed]
  const last = new Map<string, Map<Language, [string, string]>>();
  for (const v of versions) {
    let data: { entries?: { id?: string }[] };
    try {
      data = parse(v.text) as typeof data;
    } catch {
      continue;
    }
    for (const entry of data?.entries ?? []) {
      if (!entry?.id) continue;
      let langs = last.get(entry.id);
      if (!langs) last.set(entry.id, (langs = new Map()));
      for (const [lang, text] of textsOf(entry)) {
        const prev = langs.get(lang);
        if (!prev || prev[0] !== text) langs.set(lang, [text, v.date]);
      }
    }
  }

  const doc = write ? parseDocument(current) : undefined;
  // Edits as [start, end, text] over the file's text, applied from the end so offsets hold.
  const edits: [number, number, string][] = [];
  const entries = parse(current)?.entries ?? [];
  (entries as { id?: string }[]).forEach((entry, i) => {
    const langs = entry?.id ? last.get(entry.id) : undefined;
    if (!langs || langs.size < 2) return;
    const dates = Object.fromEntries([...langs].map(([l, [, d]]) => [l, d])) as Partial<
      Record<Language, string>
    >;
    const english = dates.en!;
    for (const [lang, date] of Object.entries(dates))
      if (lang !== 'en' && date < english) {
        flagged++;
        console.log(`${rel} ${entry.id} ${lang}: text changed ${date}, English changed ${english}`);
      }
    const node = doc?.getIn(['entries', i], true);
    if (!isMap(node)) return;
    // One line beside `reviewed:` (replacing an earlier one), so the rest of the file stays as it is.
    const pairs = node.items as Pair[];
    const key = (name: string) => pairs.find((p) => isScalar(p.key) && p.key.value === name);
    const anchor = key('text_reviewed') ?? key('reviewed');
    const keyRange = isScalar(anchor?.key) ? anchor.key.range : undefined;
    const valueRange = (anchor?.value as { range?: [number, number, number] } | undefined)?.range;
    if (!keyRange || !valueRange) return;
    const lineStart = current.lastIndexOf('\n', keyRange[0]) + 1;
    const indent = current.slice(lineStart, keyRange[0]);
    if (indent.trim() !== '') return; // not a block mapping line we can edit safely
    const flow = Object.entries(dates)
      .sort(
        ([a], [b]) =>
          (LANGUAGES as readonly string[]).indexOf(a) - (LANGUAGES as readonly string[]).indexOf(b),
      )
      .map(([l, d]) => `${l}: ${d}`)
      .join(', ');
    const line = `${indent}text_reviewed: { ${flow} }`;
    const lineEnd = current.indexOf('\n', valueRange[1] - 1);
    const end = lineEnd < 0 ? current.length : lineEnd;
    if (anchor === key('text_reviewed') && anchor !== undefined) edits.push([lineStart, end, line]);
    else edits.push([end, end, `\n${line}`]);
    written++;
  });
  if (write && edits.length) {
    let text = current;
    for (const [a, b, t] of edits.sort((x, y) => y[0] - x[0])) text = text.slice(0, a) + t + text.slice(b);
    // The repository's YAML style (the rest of the file is already in it, so only these lines move).
    writeFileSync(
      path.join(root, rel),
      await format(text, {
        ...(await resolveConfig(path.join(root, rel))),
        parser: 'yaml',
        filepath: path.join(root, rel),
      }),
    );
  }
}
console.log(`${flagged} translation(s) changed before their English text.`);
if (write)
  console.log(
    `text_reviewed written for ${written} entries; check \`git diff\` and run \`npm run kb -- validate\`.`,
  );
