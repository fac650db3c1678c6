/**
 * Text normalisation, Unicode tokenising and stemming shared by the matcher and the entity extractor.
 *
 * - NFKC, lower case; Latin diacritics removed ("pensión" → "pension"); Arabic harakat and tatweel
 *   removed and alef / ta marbuta / alef maqsura variants folded; Devanagari vowel signs are kept
 *   (they are part of the word, not accents).
 * - Tokens are runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`), so Nepali and Arabic
 *   text gives tokens where ASCII-only tokenisers give nothing.
 */
import { createRequire } from 'node:module';

// natural's stemmers are loaded one by one: `import natural from 'natural'` pulls in all of natural
// (taggers, lexicons, WordNet glue) and costs about 100 MB of memory at start-up.
const require = createRequire(import.meta.url);
type Stemmer = { stem(word: string): string };
const loadStemmer = (path: string): Stemmer => require(`natural/lib/natural/stemmers/${path}`) as Stemmer;

const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const ARABIC_DIACRITICS = /[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/** Lower-cased, NFKC, Latin accents stripped, Arabic orthographic variants folded. */
export function normalizeText(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  // Decompose, drop combining marks that follow a Latin letter, recompose.
  s = s.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC');
  if (/[\u0600-\u06FF]/.test(s)) {
    s = s
      .replace(ARABIC_DIACRITICS, '')
      .replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627')
      .replace(/\u0629/g, '\u0647')
      .replace(/\u0649/g, '\u064A');
  }
  return s;
}

/** Tokens of an already normalised string. */
export function tokensOf(normalized: string): string[] {
  return normalized.match(TOKEN) ?? [];
}

/** Normalise then tokenise. */
export function tokenize(text: string): string[] {
  return tokensOf(normalizeText(text));
}

/** A token with its character offsets in the original text (for entity spans). */
export interface SpannedToken {
  /** Normalised form, used for matching. */
  norm: string;
  start: number;
  end: number;
}

/**
 * Tokens with offsets into the original string. Each raw token is normalised on its own, so offsets
 * stay exact even when normalisation changes lengths.
 */
export function tokenizeWithSpans(text: string): SpannedToken[] {
  const out: SpannedToken[] = [];
  const re = /[\p{L}\p{N}\p{M}]+/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const toks = tokensOf(normalizeText(m[0]));
    const norm = toks.join('');
    if (norm.length > 0) out.push({ norm, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

type StemFn = (word: string) => string;

const STEMMER_FILES: Record<string, string> = {
  en: 'porter_stemmer.js',
  es: 'porter_stemmer_es.js',
  fr: 'porter_stemmer_fr.js',
  pt: 'porter_stemmer_pt.js',
  id: 'indonesian/stemmer_id.js',
};
const loaded = new Map<string, StemFn>();
function stemmerFor(language: string): StemFn | undefined {
  let fn = loaded.get(language);
  if (fn === undefined) {
    const file = STEMMER_FILES[language];
    if (file === undefined) return undefined;
    const s = loadStemmer(file);
    fn = (w) => s.stem(w);
    loaded.set(language, fn);
  }
  return fn;
}

/** Languages for which a stemmer exists (natural's). Others rely on character n-grams. */
export const STEMMED_LANGUAGES: readonly string[] = Object.keys(STEMMER_FILES);

const stemCaches = new Map<string, Map<string, string>>();
const STEM_CACHE_MAX = 50_000;

/** Stem one normalised token for a language; identity for languages without a stemmer. Memoised. */
export function stem(word: string, language: string | undefined): string {
  if (language === undefined) return word;
  if (!STEMMED_LANGUAGES.includes(language) || word.length < 3 || /^\p{N}+$/u.test(word)) return word;
  const fn = stemmerFor(language);
  if (fn === undefined || word.length < 3 || /^\p{N}+$/u.test(word)) return word;
  let cache = stemCaches.get(language);
  if (cache === undefined) {
    cache = new Map();
    stemCaches.set(language, cache);
  }
  let s = cache.get(word);
  if (s === undefined) {
    s = fn(word) || word;
    if (cache.size >= STEM_CACHE_MAX) cache.clear();
    cache.set(word, s);
  }
  return s;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), with an early exit:
 * returns `max + 1` as soon as the distance must exceed `max`.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}
