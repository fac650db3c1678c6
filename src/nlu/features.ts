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

/**
 * Raw feature counts of one text: distinct feature keys in ascending order (word features first,
 * since char keys carry the high block bit) and how often each occurs.
 */
export interface RawFeatures {
  keys: Int32Array;
  counts: Uint16Array;
}

/** Keys stay small integers (V8 SMIs) so Map lookups are fast: 29 hash bits plus a block bit. */
const HASH_MASK = 0x1fffffff;
export const CHAR_BIT = 0x20000000;

let buf = new Int32Array(1024);
let n = 0;
function push(key: number): void {
  if (n === buf.length) {
    const bigger = new Int32Array(buf.length * 2);
    bigger.set(buf);
    buf = bigger;
  }
  buf[n++] = key;
}

export function extractFeatures(text: string, language: string | undefined, cfg: FeatureConfig): RawFeatures {
  const tokens = tokensOf(normalizeText(text));
  n = 0;
  const wh: number[] = new Array<number>(tokens.length);
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    const w = cfg.stem ? stem(tok, language) : tok;
    const h = hashString(w, SEED_WORD);
    wh[t] = h;
    push(h & HASH_MASK);
    // Character n-grams of " tok " (word boundaries marked by spaces).
    const len = tok.length + 2;
    for (let i = 0; i < len; i++) {
      let ch = SEED_CHAR;
      const lim = Math.min(len, i + cfg.charMaxN);
      for (let j = i; j < lim; j++) {
        const code = j === 0 || j === len - 1 ? 32 : tok.charCodeAt(j - 1);
        ch = Math.imul(ch ^ code, FNV_PRIME);
        if (j - i + 1 >= cfg.charMinN) push((ch & HASH_MASK) | CHAR_BIT);
      }
    }
  }
  if (cfg.wordMaxN >= 2) {
    for (let t = 0; t + 1 < wh.length; t++) push(mix(wh[t]!, wh[t + 1]!, SEED_BIGRAM) & HASH_MASK);
  }
  if (cfg.wordMaxN >= 3) {
    for (let t = 0; t + 2 < wh.length; t++) {
      push(mix(mix(wh[t]!, wh[t + 1]!, SEED_TRIGRAM), wh[t + 2]!, SEED_TRIGRAM) & HASH_MASK);
    }
  }
  return dedupe(buf.subarray(0, n).sort());
}

/** Distinct keys and their counts from sorted keys. */
function dedupe(all: Int32Array): RawFeatures {
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
  const keys = new Int32Array(distinct);
  const counts = new Uint16Array(distinct);
  let k = -1;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[i - 1]) keys[++k] = all[i]!;
    counts[k] = Math.min(65535, counts[k]! + 1);
  }
  return { keys, counts };
}

/**
 * Raw features of many texts in two shared buffers (training): row i is
 * keys/counts[ptr[i] .. ptr[i + 1]). Avoids tens of thousands of small allocations.
 */
export class RawPool {
  keys: Int32Array;
  counts: Uint16Array;
  ptr: number[] = [0];

  /** `capacity`: expected total number of distinct features (grows if exceeded). */
  constructor(capacity = 1 << 16) {
    this.keys = new Int32Array(capacity);
    this.counts = new Uint16Array(capacity);
  }

  get length(): number {
    return this.ptr.length - 1;
  }

  add(raw: RawFeatures): void {
    const at = this.ptr[this.ptr.length - 1]!;
    const need = at + raw.keys.length;
    if (need > this.keys.length) {
      const size = Math.max(need, this.keys.length * 2);
      const k = new Int32Array(size);
      k.set(this.keys);
      const c = new Uint16Array(size);
      c.set(this.counts);
      this.keys = k;
      this.counts = c;
    }
    this.keys.set(raw.keys, at);
    this.counts.set(raw.counts, at);
    this.ptr.push(need);
  }

  row(i: number): RawFeatures {
    const a = this.ptr[i]!;
    const b = this.ptr[i + 1]!;
    return { keys: this.keys.subarray(a, b), counts: this.counts.subarray(a, b) };
  }
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
  static fit(raws: RawPool, cfg: FeatureConfig, minDf = 1): Vectorizer {
    // Document frequencies (each row holds a key once); kept keys in ascending order.
    const df = new Map<number, number>();
    const n0 = raws.ptr[raws.length]!;
    for (let i = 0; i < n0; i++) {
      const h = raws.keys[i]!;
      df.set(h, (df.get(h) ?? 0) + 1);
    }
    const kept: number[] = [];
    for (const [k, c] of df) if (c >= minDf) kept.push(k);
    kept.sort((a, b) => a - b);
    const dfs = kept.map((k) => df.get(k)!);
    const keys = Int32Array.from(kept);
    const idf = new Float32Array(keys.length);
    const n = raws.length;
    for (let i = 0; i < keys.length; i++) idf[i] = Math.log((1 + n) / (1 + dfs[i]!)) + 1;
    return new Vectorizer(cfg, keys, idf);
  }

  transform(raw: RawFeatures): SparseVector {
    const idx = new Int32Array(raw.keys.length);
    const val = new Float32Array(raw.keys.length);
    const m = this.transformInto(raw, idx, val, 0);
    return { idx: idx.subarray(0, m), val: val.subarray(0, m) };
  }

  /** Write the weighted vector at `offset` of `idx`/`val` (room for raw.keys.length); returns its length. */
  transformInto(raw: RawFeatures, idx: Int32Array, val: Float32Array, offset: number): number {
    let m = offset;
    let wordEnd = offset;
    let wordNorm = 0;
    let charNorm = 0;
    for (let i = 0; i < raw.keys.length; i++) {
      const key = raw.keys[i]!;
      const col = this.columns.get(key);
      if (col === undefined) continue;
      const v = (1 + Math.log(raw.counts[i]!)) * this.idf[col]!;
      idx[m] = col;
      val[m] = v;
      m++;
      if ((key & CHAR_BIT) === 0) {
        wordNorm += v * v;
        wordEnd = m;
      } else charNorm += v * v;
    }
    const ws = wordNorm > 0 ? this.cfg.wordWeight / Math.sqrt(wordNorm) : 0;
    const cs = charNorm > 0 ? this.cfg.charWeight / Math.sqrt(charNorm) : 0;
    for (let i = offset; i < m; i++) val[i] = val[i]! * (i < wordEnd ? ws : cs);
    return m - offset;
  }
}
