/**
 * The editors' to-do list: what workers asked that the bot could not answer (fallbacks, "did you
 * mean", escalations, "not something I can answer"), grouped by similarity, with counts, languages, the intent the bot now leans to
 * (and how sure it is) and a few wordings — with nothing that identifies a worker.
 *
 * The store keeps each question already masked (src/kb/text.ts `anonymise`) and drops a worker's
 * questions on /forget; here every wording is masked again (names too, see redact.ts) and no record's
 * worker reference, time of day or order leaves this module.
 *
 * Similarity: the project's own normalisation and stemming (src/nlu/text.ts), content words only
 * (frequent function words dropped), plus character trigrams of those words for typos; two questions
 * are alike when 0.6 × word cosine + 0.4 × trigram cosine ≥ 0.5. Records are sorted before grouping,
 * so the same records give the same groups in any order.
 */
import { createHash } from 'node:crypto';
import type { Content } from '../../kb/loader.ts';
import { normalizeForCompare } from '../../kb/text.ts';
import { isCommonWord } from '../../nlu/language.ts';
import { stem, tokenize } from '../../nlu/text.ts';
import type { Matcher } from '../../nlu/types.ts';
import type { UnansweredReason, UnansweredRecord } from '../../store/port.ts';
import { ordinaryWordsOf, redactIdentity } from './redact.ts';

export interface UnansweredGroup {
  /** Stable for the same wording: used in links. */
  id: string;
  count: number;
  /** Questions per language, most first. */
  languages: { language: string; count: number }[];
  reasons: Partial<Record<UnansweredRecord['reason'], number>>;
  /** The intent the current bot ranks first for the group's wordings (most often), and its mean score. */
  nearest?: { intent: string; score: number };
  /** Up to `maxExamples` distinct wordings, masked, with their language; the most frequent first. */
  examples: { text: string; language: string }[];
  /** Days (YYYY-MM-DD) of the first and last question: no time of day. */
  firstDay: string;
  lastDay: string;
}

export interface GroupOptions {
  /** The running bot's matcher: nearest intents are ranked by the content that is live now. */
  matcher?: Matcher;
  /** Questions already in the content (as example or test) are left out: an editor handled them. */
  content?: Content;
  /** Only questions recorded for this reason (fell back, did you mean, went to staff, out of scope). */
  kind?: UnansweredReason;
  minSimilarity?: number;
  maxExamples?: number;
}

interface Vec {
  words: Map<string, number>;
  grams: Map<string, number>;
}

function features(text: string, language: string): Vec {
  const words = new Map<string, number>();
  const grams = new Map<string, number>();
  for (const token of tokenize(text)) {
    if (token.length < 2 || isCommonWord(token) || /^\d+$/.test(token)) continue;
    const w = stem(token, language);
    words.set(w, (words.get(w) ?? 0) + 1);
    const padded = ` ${token} `;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const g = padded.slice(i, i + 3);
      grams.set(g, (grams.get(g) ?? 0) + 1);
    }
  }
  return { words, grams };
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w !== undefined) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

/** How alike two questions are, in [0, 1]. */
export function similarity(a: Vec, b: Vec): number {
  return 0.6 * cosine(a.words, b.words) + 0.4 * cosine(a.grams, b.grams);
}

export function questionFeatures(text: string, language: string): Vec {
  return features(text, language);
}

/** Wordings an editor already put in the content, by language and normalised text. */
function contentPhrases(content: Content): Set<string> {
  const out = new Set<string>();
  for (const intent of content.intents)
    for (const lists of [intent.examples, intent.tests])
      for (const [lang, list] of Object.entries(lists))
        for (const text of list ?? []) out.add(`${lang}:${normalizeForCompare(text)}`);
  return out;
}

export function groupUnanswered(
  records: readonly UnansweredRecord[],
  options: GroupOptions = {},
): UnansweredGroup[] {
  const min = options.minSimilarity ?? 0.5;
  const maxExamples = options.maxExamples ?? 5;
  const known = options.content ? contentPhrases(options.content) : undefined;
  const ordinary = options.content ? ordinaryWordsOf(options.content) : undefined;
  // Mask first: grouping, counting and display see only the masked wording.
  const items = records
    .filter((r) => !options.kind || r.reason === options.kind)
    .map((r) => ({ ...r, text: redactIdentity(r.text, [], { ordinary, language: r.language }).trim() }))
    .filter((r) => r.text.length > 0)
    .filter((r) => !known?.has(`${r.language}:${normalizeForCompare(r.text)}`))
    .sort(
      (a, b) =>
        a.language.localeCompare(b.language) ||
        normalizeForCompare(a.text).localeCompare(normalizeForCompare(b.text)) ||
        a.at.localeCompare(b.at),
    );

  interface Building {
    seed: Vec;
    members: { text: string; language: string; vec: Vec; r: UnansweredRecord }[];
  }
  const groups: Building[] = [];
  for (const r of items) {
    const vec = features(r.text, r.language);
    let best: Building | undefined;
    let bestScore = min;
    for (const g of groups) {
      // Like the group's first wording, or very like any of its wordings.
      let s = similarity(g.seed, vec);
      if (s < min) for (const m of g.members) s = Math.max(s, similarity(m.vec, vec) - 0.1);
      if (s >= bestScore) {
        best = g;
        bestScore = s;
      }
    }
    if (!best) groups.push({ seed: vec, members: [{ text: r.text, language: r.language, vec, r }] });
    else best.members.push({ text: r.text, language: r.language, vec, r });
  }

  return groups
    .map((g): UnansweredGroup => {
      const langs = new Map<string, number>();
      const reasons: UnansweredGroup['reasons'] = {};
      const wordings = new Map<string, { text: string; language: string; n: number }>();
      const days = g.members.map((m) => m.r.at.slice(0, 10)).sort();
      for (const m of g.members) {
        langs.set(m.language, (langs.get(m.language) ?? 0) + 1);
        reasons[m.r.reason] = (reasons[m.r.reason] ?? 0) + 1;
        const key = `${m.language}:${normalizeForCompare(m.text)}`;
        const w = wordings.get(key);
        if (w) w.n++;
        else wordings.set(key, { text: m.text, language: m.language, n: 1 });
      }
      const examples = [...wordings.values()]
        .sort((a, b) => b.n - a.n || a.text.localeCompare(b.text))
        .slice(0, maxExamples)
        .map(({ text, language }) => ({ text, language }));
      return {
        id: createHash('sha256')
          .update(`${examples[0]!.language}:${normalizeForCompare(examples[0]!.text)}`)
          .digest('hex')
          .slice(0, 12),
        count: g.members.length,
        languages: [...langs.entries()]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .map(([language, count]) => ({ language, count })),
        reasons,
        nearest: nearestIntent(g.members, options.matcher),
        examples,
        firstDay: days[0]!,
        lastDay: days.at(-1)!,
      };
    })
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}

function nearestIntent(
  members: { text: string; language: string; r: UnansweredRecord }[],
  matcher: Matcher | undefined,
): UnansweredGroup['nearest'] {
  const votes = new Map<string, { n: number; score: number }>();
  for (const m of members) {
    const top = matcher
      ? matcher.rank(m.text, { language: m.language })[0]
      : m.r.topIntent
        ? { intent: m.r.topIntent, score: m.r.score ?? 0 }
        : undefined;
    if (!top) continue;
    const v = votes.get(top.intent) ?? { n: 0, score: 0 };
    v.n++;
    v.score += top.score;
    votes.set(top.intent, v);
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1].n - a[1].n || b[1].score - a[1].score);
  return best ? { intent: best[0], score: Number((best[1].score / best[1].n).toFixed(2)) } : undefined;
}
