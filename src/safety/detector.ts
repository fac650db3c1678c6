/**
 * The safeguarding detector: finds signs of forced labour, violence or self-harm in a message, in every
 * language the patterns in `safety/patterns/` cover. Pure and synchronous (a few microseconds a message);
 * the dialogue runs it before matching and on every message that goes to staff.
 *
 * @example
 *   const detector = compileDetector(await loadSafety(root));
 *   detector.detect('my employer took my passport') // → { categories: ['documents'], severity: 'high', … }
 */
import { tokenize } from './normalize.ts';
import type { Category, CategoriesFile, PatternFile, Rule, Severity } from './schema.ts';
import { CATEGORIES } from './schema.ts';

/**
 * Every distinct word pattern of every term ("took", "confiscat*", "#minor") gets an id once; a message's
 * words are matched against the patterns once, so the cost does not grow with the number of rules.
 */
/** Distinct tokens whose wildcard matches are remembered (words repeat across messages). */
const WILD_CACHE = 50_000;

class WordIndex {
  private readonly ids = new Map<string, number>();
  private readonly exact = new Map<string, number>();
  private readonly wild: { id: number; test: (token: string) => boolean }[] = [];

  id(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(word, id);
    const test = wordTest(word);
    if (test) this.wild.push({ id, test });
    else this.exact.set(word, id);
    return id;
  }

  /** Per token already seen, the wildcard words it matches (bounded: cleared when it fills up). */
  private readonly wildHits = new Map<string, number[]>();

  /** For each token, the ids of the word patterns it matches. */
  match(tokens: string[]): Set<number>[] {
    return tokens.map((token) => {
      const hits = new Set<number>();
      const e = this.exact.get(token);
      if (e !== undefined) hits.add(e);
      for (const id of this.wildOf(token)) hits.add(id);
      return hits;
    });
  }

  /** The wildcard words a token matches: every wildcard is tried once per distinct token. */
  private wildOf(token: string): number[] {
    let ids = this.wildHits.get(token);
    if (ids === undefined) {
      ids = this.wild.filter((w) => w.test(token)).map((w) => w.id);
      if (this.wildHits.size >= WILD_CACHE) this.wildHits.clear();
      this.wildHits.set(token, ids);
    }
    return ids;
  }
}

/** A test for a wildcard or special word; undefined for a plain word (matched by equality). */
function wordTest(word: string): ((token: string) => boolean) | undefined {
  if (word === '#num') return (t) => /^\d+$/.test(t);
  if (word === '#minor')
    return (t) => {
      if (!/^\d{1,2}$/.test(t)) return false;
      const n = Number(t);
      return n >= 5 && n <= 17;
    };
  const starts = word.startsWith('*');
  const ends = word.endsWith('*') && word.length > 1;
  if (!starts && !ends) return undefined;
  const core = word.replace(/^\*|\*$/g, '');
  if (starts && ends) return (t) => t.includes(core);
  if (ends) return (t) => t.startsWith(core);
  return (t) => t.endsWith(core);
}

/** A term: the ids of its consecutive words. */
type Term = number[];

/** Folds a term ("won't give", "confiscat*") like a message, keeping wildcards and special words. */
export function termWords(term: string): string[] {
  return term
    .trim()
    .split(/\s+/)
    .flatMap((w) => {
      if (w.startsWith('#')) return [w];
      const lead = w.startsWith('*') ? '*' : '';
      const trail = w.endsWith('*') && w.length > 1 ? '*' : '';
      const folded = tokenize(w.replace(/^\*|\*$/g, ''));
      if (folded.length === 0) return [];
      folded[0] = lead + folded[0];
      folded[folded.length - 1] += trail;
      return folded;
    });
}

/** A message's words matched against the index: per word, the pattern ids; per id, where it matched. */
interface Matched {
  ids: Set<number>[];
  at: Map<number, number[]>;
}

function matchTokens(index: WordIndex, tokens: string[]): Matched {
  const ids = index.match(tokens);
  const at = new Map<number, number[]>();
  ids.forEach((set, i) => {
    for (const id of set) (at.get(id) ?? at.set(id, []).get(id)!).push(i);
  });
  return { ids, at };
}

/** Where a term occurs: [start, end] (inclusive) of each occurrence, within [from, to]. */
function occurrences(m: Matched, term: Term, from = 0, to = m.ids.length - 1): [number, number][] {
  const out: [number, number][] = [];
  for (const i of m.at.get(term[0]!) ?? []) {
    if (i < from || i + term.length - 1 > to) continue;
    if (term.every((id, k) => m.ids[i + k]!.has(id))) out.push([i, i + term.length - 1]);
  }
  return out;
}

function groupOccurrences(m: Matched, group: Term[]): [number, number][] {
  return group.flatMap((term) => occurrences(m, term));
}

interface CompiledRule {
  groups: Term[][];
  /** Per group, the distinct first-word ids of its terms. */
  firsts: number[][];
  within: number;
  ordered: boolean;
  unless: Term[];
  /** The file's category-wide vetoes: any of these anywhere in the message cancels the rule. */
  veto: Term[];
  /** Where the rule was written, for reports: file and category index. */
  id: string;
}

export interface Detection {
  /** Categories found, most severe first. */
  categories: Category[];
  severity: Severity;
  /** Rule ids that matched (for the evaluation report; never logged with the text). */
  rules: string[];
}

export interface Detector {
  /** Undefined when the message shows no sign of danger. */
  detect(text: string): Detection | undefined;
  severityOf(category: Category): Severity;
  labelOf(category: Category): string;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2 };

function match(matched: Matched, rule: CompiledRule): [number, number] | undefined {
  // Cheap test first: every group needs at least one of its first words in the message.
  for (const first of rule.firsts) if (!first.some((id) => matched.at.has(id))) return undefined;
  const lists: [number, number][][] = [];
  for (const g of rule.groups) {
    const list = groupOccurrences(matched, g);
    if (list.length === 0) return undefined;
    lists.push(list);
  }
  let best: [number, number] | undefined;
  // Anchor on each occurrence of the first group and take, for every other group, the nearest one.
  for (const anchor of lists[0]!) {
    let lo = anchor[0];
    let hi = anchor[1];
    // Each group needs its own words: one word cannot be both the "debt" and the "agency" of a rule.
    const taken: [number, number][] = [anchor];
    let complete = true;
    for (const list of lists.slice(1)) {
      let pick: [number, number] | undefined;
      let cost = Infinity;
      for (const occ of list) {
        if (taken.some((t) => occ[0] <= t[1] && t[0] <= occ[1])) continue;
        if (rule.ordered && occ[0] <= taken.at(-1)![1]) continue;
        const c = Math.max(hi, occ[1]) - Math.min(lo, occ[0]);
        if (c < cost) {
          cost = c;
          pick = occ;
        }
      }
      if (!pick) {
        complete = false;
        break;
      }
      taken.push(pick);
      lo = Math.min(lo, pick[0]);
      hi = Math.max(hi, pick[1]);
    }
    if (!complete) continue;
    const span = rule.groups.length > 1 ? hi - lo : 0;
    if (span <= rule.within && (!best || hi - lo < best[1] - best[0])) best = [lo, hi];
  }
  return best;
}

const NEAR = 4;

export function compileDetector(input: {
  categories: CategoriesFile;
  patterns: { file: string; data: PatternFile }[];
}): Detector {
  const rules = new Map<Category, CompiledRule[]>();
  const index = new WordIndex();
  // Lists are shared by many rules: fold each distinct term once.
  const folded = new Map<string, Term>();
  const termOf = (t: string): Term => {
    let term = folded.get(t);
    if (!term) {
      term = termWords(t).map((w) => index.id(w));
      folded.set(t, term);
    }
    return term;
  };
  for (const { file, data } of input.patterns) {
    const expand = (t: string): string[] => {
      if (!t.startsWith('$')) return [t];
      const list = data.terms[t.slice(1)];
      if (!list) throw new Error(`${file}: unknown term list ${t}`);
      return list;
    };
    const resolve = (g: string[] | string): Term[] =>
      (typeof g === 'string' ? [g] : g)
        .flatMap(expand)
        .map(termOf)
        .filter((t) => t.length > 0);
    for (const category of CATEGORIES) {
      const veto = resolve(data.unless[category] ?? []);
      for (const [i, rule] of (data.rules[category] ?? []).entries()) {
        const groups = rule.all.map(resolve);
        const compiled: CompiledRule = {
          groups,
          firsts: groups.map((g) => [...new Set(g.map((term) => term[0]!))]),
          within: rule.within,
          ordered: rule.ordered,
          unless: resolve(rule.unless),
          veto,
          id: `${file}#${category}.${i}`,
        };
        const list = rules.get(category) ?? [];
        list.push(compiled);
        rules.set(category, list);
      }
    }
  }

  const severityOf = (c: Category) => input.categories.categories[c]!.severity;
  return {
    severityOf,
    labelOf: (c) => input.categories.categories[c]!.label,
    detect(text) {
      const tokens = tokenize(text.slice(0, 4000));
      if (tokens.length === 0) return undefined;
      const matched = matchTokens(index, tokens);
      const found = new Set<Category>();
      const ids: string[] = [];
      for (const [category, list] of rules) {
        for (const rule of list) {
          const span = match(matched, rule);
          if (!span) continue;
          const lo = Math.max(0, span[0] - NEAR);
          const hi = Math.min(tokens.length - 1, span[1] + NEAR);
          if (rule.unless.some((term) => occurrences(matched, term, lo, hi).length > 0)) continue;
          if (rule.veto.some((term) => occurrences(matched, term).length > 0)) continue;
          found.add(category);
          ids.push(rule.id);
          break;
        }
      }
      if (found.size === 0) return undefined;
      const categories = [...found].sort(
        (a, b) => SEVERITY_ORDER[severityOf(a)] - SEVERITY_ORDER[severityOf(b)],
      );
      return { categories, severity: severityOf(categories[0]!), rules: ids };
    },
  };
}

export type { Category, Rule };
