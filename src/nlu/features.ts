/**
 * Sparse features for intent matching: hashed word unigrams and bigrams (stemmed where natural has a
 * stemmer for the language) and character n-grams inside word boundaries (typo tolerance, and the
 * only morphology we get for Tagalog, Nepali and Arabic). Hashes are 32-bit FNV-1a computed without
 * building substrings; the vectoriser maps the hashes seen in training to dense column indices.
 */
import { normalizeText, stem, tokensOf } from './text.ts';

export interface FeatureConfig {
  /** Longest word n-gram (1 = unigrams only). */
  wordMaxN: number;
  charMinN: number;
  charMaxN: number;
  /** Weight of the word block and of the char block after each is L2-normalised. */
  wordWeight: number;
  charWeight: number;
  /** Use stemmed words for word features. */
  stem: boolean;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  wordMaxN: 2,
  charMinN: 2,
  charMaxN: 5,
  wordWeight: 1,
  charWeight: 1,
  stem: true,
};

const FNV_PRIME = 16777619;
const SEED_WORD = 0x811c9dc5;
const SEED_CHAR = 0x2c1b3c6d;
const SEED_BIGRAM = 0x297a2d39;
const SEED_TRIGRAM = 0x1b873593;

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function mix(a: number, b: number, seed: number): number {
  let h = Math.imul(seed ^ a, FNV_PRIME);
  h = Math.imul(h ^ (b >>> 16), FNV_PRIME);
  h = Math.imul(h ^ (b & 0xffff), FNV_PRIME);
  return h >>> 0;
}

/** Raw feature counts of one text, separately for the word and character blocks. */
export interface RawFeatures {
  word: Map<number, number>;
  char: Map<number, number>;
}

/** Keys stay small integers (V8 SMIs) so Map lookups are fast: 29 hash bits plus a block bit. */
const HASH_MASK = 0x1fffffff;
const CHAR_BIT = 0x20000000;

function add(map: Map<number, number>, h: number): void {
  map.set(h, (map.get(h) ?? 0) + 1);
}

export function extractFeatures(text: string, language: string | undefined, cfg: FeatureConfig): RawFeatures {
  const tokens = tokensOf(normalizeText(text));
  const word = new Map<number, number>();
  const char = new Map<number, number>();
  const wh: number[] = new Array<number>(tokens.length);
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    const w = cfg.stem ? stem(tok, language) : tok;
    const h = hashString(w, SEED_WORD);
    wh[t] = h;
    add(word, h & HASH_MASK);
    // Character n-grams of " tok " (word boundaries marked by spaces).
    const len = tok.length + 2;
    for (let i = 0; i < len; i++) {
      let ch = SEED_CHAR;
      const lim = Math.min(len, i + cfg.charMaxN);
      for (let j = i; j < lim; j++) {
        const code = j === 0 || j === len - 1 ? 32 : tok.charCodeAt(j - 1);
        ch = Math.imul(ch ^ code, FNV_PRIME);
        if (j - i + 1 >= cfg.charMinN) add(char, (ch & HASH_MASK) | CHAR_BIT);
      }
    }
  }
  if (cfg.wordMaxN >= 2) {
    for (let t = 0; t + 1 < wh.length; t++) add(word, mix(wh[t]!, wh[t + 1]!, SEED_BIGRAM) & HASH_MASK);
  }
  if (cfg.wordMaxN >= 3) {
    for (let t = 0; t + 2 < wh.length; t++) {
      add(word, mix(mix(wh[t]!, wh[t + 1]!, SEED_TRIGRAM), wh[t + 2]!, SEED_TRIGRAM) & HASH_MASK);
    }
  }
  return { word, char };
}

/** A sparse vector over the vectoriser's columns. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/**
 * Maps hashed features to columns and weights them: sublinear tf (1 + ln tf) × smoothed idf, each
 * block L2-normalised then scaled by its weight. Features never seen in training are dropped.
 */
export class Vectorizer {
  readonly columns: Map<number, number>;

  constructor(
    readonly cfg: FeatureConfig,
    /** Feature key (hash with block bit) of each column. */
    readonly keys: Int32Array,
    readonly idf: Float32Array,
  ) {
    this.columns = new Map();
    for (let i = 0; i < keys.length; i++) this.columns.set(keys[i]!, i);
  }

  get size(): number {
    return this.idf.length;
  }

  /** Build the vocabulary from training texts (features in at least `minDf` texts). */
  static fit(raws: RawFeatures[], cfg: FeatureConfig, minDf = 1): Vectorizer {
    const df = new Map<number, number>();
    for (const r of raws) {
      for (const h of r.word.keys()) df.set(h, (df.get(h) ?? 0) + 1);
      for (const h of r.char.keys()) df.set(h, (df.get(h) ?? 0) + 1);
    }
    const kept: number[] = [];
    for (const [k, n] of df) if (n >= minDf) kept.push(k);
    const keys = Int32Array.from(kept);
    const idf = new Float32Array(keys.length);
    const n = raws.length;
    keys.forEach((k, i) => {
      idf[i] = Math.log((1 + n) / (1 + df.get(k)!)) + 1;
    });
    return new Vectorizer(cfg, keys, idf);
  }

  transform(raw: RawFeatures): SparseVector {
    const idx: number[] = [];
    const val: number[] = [];
    const block = (map: Map<number, number>, weight: number): void => {
      const start = idx.length;
      let norm = 0;
      for (const [h, tf] of map) {
        const col = this.columns.get(h);
        if (col === undefined) continue;
        const v = (1 + Math.log(tf)) * this.idf[col]!;
        idx.push(col);
        val.push(v);
        norm += v * v;
      }
      if (norm > 0) {
        const s = weight / Math.sqrt(norm);
        for (let i = start; i < val.length; i++) val[i] = val[i]! * s;
      }
    };
    block(raw.word, this.cfg.wordWeight);
    block(raw.char, this.cfg.charWeight);
    return { idx: Int32Array.from(idx), val: Float32Array.from(val) };
  }
}
