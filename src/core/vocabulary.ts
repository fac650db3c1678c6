/**
 * An out-of-scope guard that does not depend on the matcher's scores: a message with no
 * informative word the content knows (a word that belongs to a few intents, not to most of them)
 * is not about anything the bot can answer, however confident a closed-set classifier may be.
 */
import { normalizeForCompare } from '../kb/text.ts';
import type { TrainingExample } from '../nlu/types.ts';

export interface Vocabulary {
  /** Informative known words in `text`. */
  informative(text: string): string[];
  /** Whether the word (any form) occurs in the training examples. */
  has(word: string): boolean;
  /**
   * Of the words that carry meaning (all but those common to most intents), the share the content
   * knows. Low coverage means the message is mostly about something else.
   */
  coverage(text: string): number;
}

const words = (text: string) =>
  normalizeForCompare(text)
    .split(' ')
    .filter((w) => w.length >= 2);

/** Prefix used to forgive inflections and small typos at the end of a word. */
const stemKey = (w: string) => (w.length >= 6 ? w.slice(0, 5) : w);

export function buildVocabulary(examples: TrainingExample[], maxShare = 0.3): Vocabulary {
  // Whole words and prefixes apart: a five-letter word ("count") is not the prefix of longer ones
  // ("country", "countries"), which belong to many more intents.
  const intentsOf = new Map<string, Set<string>>();
  const intentsOfStem = new Map<string, Set<string>>();
  const allIntents = new Set<string>();
  const add = (map: Map<string, Set<string>>, key: string, intent: string) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(intent);
  };
  for (const ex of examples) {
    allIntents.add(ex.intent);
    for (const w of words(ex.text)) {
      add(intentsOf, w, ex.intent);
      add(intentsOfStem, stemKey(w), ex.intent);
    }
  }
  const limit = Math.max(1, Math.floor(allIntents.size * maxShare));
  const known = (w: string) => intentsOf.get(w) ?? intentsOfStem.get(stemKey(w));
  const isInformative = (w: string) => {
    const set = known(w);
    return !!set && set.size <= limit;
  };
  return {
    informative: (text) => words(text).filter(isInformative),
    has: (word) => {
      const w = normalizeForCompare(word);
      return intentsOf.has(w) || intentsOfStem.has(w);
    },
    coverage: (text) => {
      const meaningful = words(text).filter((w) => (known(w)?.size ?? 0) <= limit);
      if (meaningful.length === 0) return 0;
      return meaningful.filter(isInformative).length / meaningful.length;
    },
  };
}

export type LanguageGuess = { language: string; confidence: number };

/**
 * A language guesser learned from the content's own examples (naive Bayes over words), so it knows
 * how workers really write: romanised Nepali ("pension pauchu ki nai"), Arabizi, Taglish.
 * Scripts decide first: Devanagari is Nepali, Arabic script is Arabic.
 */
export function buildLanguageGuesser(examples: TrainingExample[]): (text: string) => LanguageGuess {
  const counts = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  const vocab = new Set<string>();
  for (const ex of examples) {
    if (!ex.language) continue;
    let m = counts.get(ex.language);
    if (!m) counts.set(ex.language, (m = new Map()));
    for (const w of normalizeForCompare(ex.text).split(' ')) {
      if (w.length < 2) continue;
      m.set(w, (m.get(w) ?? 0) + 1);
      totals.set(ex.language, (totals.get(ex.language) ?? 0) + 1);
      vocab.add(w);
    }
  }
  const langs = [...counts.keys()];
  return (text) => {
    if (/\p{Script=Devanagari}/u.test(text) && langs.includes('ne')) return { language: 'ne', confidence: 1 };
    if (/\p{Script=Arabic}/u.test(text) && langs.includes('ar')) return { language: 'ar', confidence: 1 };
    // Only words the content knows are evidence; unknown words would favour the smallest corpus.
    const words = normalizeForCompare(text)
      .split(' ')
      .filter((w) => w.length >= 2 && vocab.has(w));
    if (words.length === 0 || langs.length === 0) return { language: langs[0] ?? 'en', confidence: 0 };
    const scores = langs.map((lang) => {
      const m = counts.get(lang)!;
      const total = totals.get(lang)! + 0.5 * vocab.size;
      return words.reduce((s, w) => s + Math.log(((m.get(w) ?? 0) + 0.5) / total), 0);
    });
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    const best = scores.indexOf(max);
    return { language: langs[best]!, confidence: exp[best]! / sum };
  };
}
