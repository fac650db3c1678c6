/**
 * `npm run kb -- unanswered`: the editors' to-do list. What workers asked that fell back, was
 * ambiguous, went to staff or that the bot said it cannot answer (out_of_scope) — already anonymised
 * when stored — grouped by similarity, with counts.
 */
import { normalizeForCompare } from '../kb/text.ts';
import { openStore, type StoreEnv } from '../store/open.ts';
import type { UnansweredRecord } from '../store/port.ts';

export interface UnansweredGroup {
  example: string;
  count: number;
  languages: string[];
  reasons: Record<string, number>;
  /** The intent the matcher leaned to, most often: a hint where an example may be missing. */
  nearestIntent?: string;
  texts: string[];
}

function tokens(text: string): Set<string> {
  return new Set(
    normalizeForCompare(text)
      .split(' ')
      .filter((w) => w.length > 2),
  );
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/** Greedy single-pass grouping: a question joins the first group whose first question it resembles. */
export function groupUnanswered(records: UnansweredRecord[], minSimilarity = 0.5): UnansweredGroup[] {
  const groups: (UnansweredGroup & { key: Set<string>; near: Map<string, number> })[] = [];
  for (const r of records) {
    const t = tokens(r.text);
    let g = groups.find((x) => similarity(x.key, t) >= minSimilarity);
    if (!g) {
      g = { example: r.text, count: 0, languages: [], reasons: {}, texts: [], key: t, near: new Map() };
      groups.push(g);
    }
    g.count++;
    if (!g.languages.includes(r.language)) g.languages.push(r.language);
    g.reasons[r.reason] = (g.reasons[r.reason] ?? 0) + 1;
    if (g.texts.length < 5 && !g.texts.includes(r.text)) g.texts.push(r.text);
    if (r.topIntent) g.near.set(r.topIntent, (g.near.get(r.topIntent) ?? 0) + 1);
  }
  return groups
    .map(({ key: _key, near, ...g }) => ({
      ...g,
      nearestIntent: [...near.entries()].sort((a, b) => b[1] - a[1])[0]?.[0],
    }))
    .sort((a, b) => b.count - a.count);
}

export async function runUnanswered(env: StoreEnv, args: string[]): Promise<number> {
  const dataDir = env.DATABASE_URL ? 'the database' : env.DATA_DIR;
  // Read-only: the editors' list can be read while the bot runs on the same DATA_DIR.
  const store = await openStore(env, { readOnly: true });
  const groups = groupUnanswered(await store.listUnanswered());
  await store.close();
  if (args.includes('--json')) {
    console.log(JSON.stringify(groups, null, 2));
    return 0;
  }
  if (groups.length === 0) {
    console.log(`No unanswered questions recorded in ${dataDir}.`);
    return 0;
  }
  console.log(
    `${groups.reduce((n, g) => n + g.count, 0)} unanswered questions in ${groups.length} groups:\n`,
  );
  for (const g of groups) {
    const reasons = Object.entries(g.reasons)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    console.log(
      `${String(g.count).padStart(4)}×  "${g.example}"  [${g.languages.join(',')}; ${reasons}${g.nearestIntent ? `; nearest: ${g.nearestIntent}` : ''}]`,
    );
    for (const t of g.texts.slice(1)) console.log(`        also: "${t}"`);
  }
  return 0;
}
