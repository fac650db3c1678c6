/**
 * The intent matcher: hashed word + character n-gram tf-idf features and a multinomial logistic
 * regression trained by SGD, with a softmax temperature fitted on held-out examples so that scores
 * behave like probabilities. Pure TypeScript, no downloads. See docs/matcher.md.
 */
import { CHAR_BIT, extractFeatures, DEFAULT_FEATURES, RawPool, Vectorizer } from './features.ts';
import type { FeatureConfig, SparseVector } from './features.ts';
import { detectLanguage } from './language.ts';
import { STEMMED_LANGUAGES } from './text.ts';
import type { Matcher, RankedIntent, RankOptions, TrainingExample, TrainOptions } from './types.ts';

/** Bumped whenever training or features change, so cached models are retrained. */
export const MATCHER_VERSION = 4;

/** Characters of a message that are matched (the rest of a very long message is ignored). */
const MAX_CHARS = 2000;

export interface MatcherTrainOptions extends TrainOptions {
  features?: Partial<FeatureConfig>;
  epochs?: number;
  /** Initial learning rate. */
  learningRate?: number;
  /** L2 regularisation strength. */
  l2?: number;
  /** Minimum number of training texts a feature must occur in. */
  minDf?: number;
  /** Fraction of examples held out to fit the softmax temperature (0 disables calibration). */
  calibrationFraction?: number;
  /** Epochs over all examples after the temperature is fitted. */
  finalEpochs?: number;
  /**
   * Power of the unfamiliar-text discount: scores are multiplied by the share of the message's
   * character n-grams seen in training, to this power (0: off).
   */
  coveragePower?: number;
  /**
   * Power of the top intent's own coverage: scores are also multiplied by the share of the message's
   * character n-grams seen in the training texts of the best intent, to this power (0: off).
   */
  intentCoveragePower?: number;
  /**
   * "None of these" logit: each intent's score becomes p / (1 + p·exp((b0 − z) / T₀)), with b0 this
   * quantile of the training examples' own-intent logits (0: off) …
   */
  unknownLogitQuantile?: number;
  /** … and T₀ this multiple of the softmax temperature. */
  unknownTemperatureFactor?: number;
  /** Average the weights over the last this many epochs (tail averaging; 0 or 1: off). */
  averageEpochs?: number;
  /** Seed for shuffling (training is deterministic for a given seed). */
  seed?: number;
}

interface Model {
  intents: string[];
  /** Languages of the training examples that have a stemmer (given or detected). */
  languages: string[];
  vectorizer: Vectorizer;
  /** Feature-major weights: W[f * C + c]. */
  weights: Float32Array;
  bias: Float32Array;
  temperature: number;
  /** Scores are multiplied by (share of the text's character n-grams known) ** coveragePower. */
  coveragePower: number;
  /**
   * Which intents' training texts hold each column: bit c of intentBits[col * words + (c >> 5)]
   * (empty when intentCoveragePower is 0).
   */
  intentBits: Uint32Array;
  intentCoveragePower: number;
  /** The "none of these" logit b0 and its temperature T₀ (unknownTemperature 0: off). */
  unknownLogit: number;
  unknownTemperature: number;
  /** Final recalibration: the combined score s becomes s ** scorePower (fitted on held-out examples). */
  scorePower: number;
}

/** Bits per column of the intents whose training texts contain it. */
function intentBitsOf(x: readonly SparseVector[], y: Int32Array, dims: number, C: number): Uint32Array {
  const words = (C + 31) >>> 5;
  const bits = new Uint32Array(dims * words);
  for (let i = 0; i < x.length; i++) {
    const c = y[i]!;
    const word = c >>> 5;
    const bit = 1 << (c & 31);
    const idx = x[i]!.idx;
    for (let k = 0; k < idx.length; k++) {
      const j = idx[k]! * words + word;
      bits[j] = bits[j]! | bit;
    }
  }
  return bits;
}

/** The `q` quantile of the training examples' logits for their own intent. */
function ownLogitQuantile(
  x: readonly SparseVector[],
  y: Int32Array,
  weights: Float32Array,
  bias: Float32Array,
  C: number,
  q: number,
): number {
  const z = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = y[i]!;
    const v = x[i]!;
    let s = bias[c]!;
    for (let k = 0; k < v.idx.length; k++) s += v.val[k]! * weights[v.idx[k]! * C + c]!;
    z[i] = s;
  }
  z.sort();
  return z[Math.min(z.length - 1, Math.floor(q * z.length))] ?? 0;
}

/** What the scores are made of, besides the logits and the text. */
type ScoreParts = Pick<
  Model,
  | 'temperature'
  | 'coveragePower'
  | 'intentBits'
  | 'intentCoveragePower'
  | 'unknownLogit'
  | 'unknownTemperature'
  | 'scorePower'
>;

/**
 * Final scores (in place) from logits: tempered softmax; the "none of these" discount, which lowers
 * intents whose logit is low in absolute terms (a softmax only sees differences); and the two
 * unfamiliar-text factors, which multiply every score alike. Intent order is the softmax's.
 * `charKeysTotal`/`charKnown` count the text's character n-grams and those seen in training;
 * `x` is the text's vector (its columns) and `charCol(col)` says whether a column is a char n-gram.
 */
function finalScores(
  out: Float64Array,
  logits: Float64Array,
  parts: ScoreParts,
  x: SparseVector,
  charTotal: number,
  charKnown: number,
  isCharCol: (col: number) => boolean,
): void {
  const C = logits.length;
  softmax(out, logits, parts.temperature);
  let top = 0;
  for (let c = 1; c < C; c++) if (out[c]! > out[top]!) top = c;
  if (parts.unknownTemperature > 0) {
    for (let c = 0; c < C; c++) {
      const p = out[c]!;
      out[c] = p / (1 + p * Math.exp((parts.unknownLogit - logits[c]!) / parts.unknownTemperature));
    }
  }
  let factor = 1;
  if (charTotal > 0) {
    if (parts.coveragePower > 0) factor *= (charKnown / charTotal) ** parts.coveragePower;
    if (parts.intentCoveragePower > 0) {
      const words = (C + 31) >>> 5;
      const word = top >>> 5;
      const bit = 1 << (top & 31);
      let own = 0;
      for (let k = 0; k < x.idx.length; k++) {
        const col = x.idx[k]!;
        if (isCharCol(col) && (parts.intentBits[col * words + word]! & bit) !== 0) own++;
      }
      factor *= (own / charTotal) ** parts.intentCoveragePower;
    }
  }
  for (let c = 0; c < C; c++) out[c] = (out[c]! * factor) ** parts.scorePower;
}

/** Power minimising the log-loss of "the top intent is right" given score ** power (held-out data). */
function fitScorePower(scores: number[], correct: boolean[]): number {
  const nll = (g: number): number => {
    let s = 0;
    for (let i = 0; i < scores.length; i++) {
      const p = Math.min(1 - 1e-6, Math.max(1e-6, scores[i]! ** g));
      s -= correct[i] ? Math.log(p) : Math.log(1 - p);
    }
    return s;
  };
  let best = { g: 1, v: nll(1) };
  for (let g = 0.05; g <= 2.0001; g += 0.01) {
    const v = nll(g);
    if (v < best.v) best = { g, v };
  }
  return best.g;
}

/** Seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(arr: T[], rand: () => number): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [arr[i], arr[j]] = [arr[j]!, arr[i]!];
  }
}

/**
 * The language used for stemming: the given one; else the only language of the training data;
 * else a confident guess among the training languages; else none (no stemming, n-grams still work).
 */
export function resolveLanguage(
  text: string,
  language: string | undefined,
  known?: readonly string[],
): string | undefined {
  if (language !== undefined) return language;
  if (known !== undefined && known.length <= 1) return known[0];
  const guess = detectLanguage(text, known);
  return guess.confidence >= 0.5 && STEMMED_LANGUAGES.includes(guess.language) ? guess.language : undefined;
}

function scoresInto(
  out: Float64Array,
  x: SparseVector,
  weights: Float32Array,
  bias: Float32Array,
  scale: number,
): void {
  const C = out.length;
  out.fill(0);
  for (let k = 0; k < x.idx.length; k++) {
    const base = x.idx[k]! * C;
    const v = x.val[k]!;
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      out[c] = out[c]! + v * weights[base + c]!;
      out[c + 1] = out[c + 1]! + v * weights[base + c + 1]!;
      out[c + 2] = out[c + 2]! + v * weights[base + c + 2]!;
      out[c + 3] = out[c + 3]! + v * weights[base + c + 3]!;
    }
    for (; c < C; c++) out[c] = out[c]! + v * weights[base + c]!;
  }
  for (let c = 0; c < C; c++) out[c] = out[c]! * scale + bias[c]!;
}

/** Softmax of `logits / temperature` into `out`, in place allowed. */
function softmax(out: Float64Array, logits: Float64Array, temperature: number): void {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) if (logits[c]! > max) max = logits[c]!;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c]! - max) / temperature);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) out[c] = out[c]! / sum;
}

interface TrainSet {
  x: SparseVector[];
  y: Int32Array;
}

interface SgdState {
  weights: Float32Array;
  bias: Float32Array;
  /** Global L2 scale: the true weights are `weights * scale`. */
  scale: number;
  /** Steps taken (drives the learning-rate decay). */
  t: number;
  avgSum?: Float32Array;
}

function newState(dims: number, C: number): SgdState {
  return { weights: new Float32Array(dims * C), bias: new Float32Array(C), scale: 1, t: 0 };
}

/** Multinomial logistic regression by SGD over sparse rows; updates `st` in place. */
function sgdEpochs(
  st: SgdState,
  data: TrainSet,
  C: number,
  epochs: number,
  opts: { learningRate: number; l2: number; averageEpochs?: number },
  rand: () => number,
  onEpoch?: (epoch: number) => void,
): void {
  const { weights, bias } = st;
  const order = Array.from(data.y.keys());
  const logits = new Float64Array(C);
  const probs = new Float64Array(C);
  const active = new Int32Array(C);
  const grads = new Float64Array(C);
  // Tail averaging: the mean of the weights after each of the last `averageEpochs` epochs.
  let avg: { w: Float32Array; b: Float64Array; n: number } | undefined;
  if ((opts.averageEpochs ?? 0) > 1) {
    // The sum buffer is kept on the state and reused by later calls (it is as large as the model).
    st.avgSum ??= new Float32Array(weights.length);
    st.avgSum.fill(0);
    avg = { w: st.avgSum, b: new Float64Array(C), n: 0 };
  }
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, rand);
    for (const i of order) {
      const lr = opts.learningRate / (1 + opts.learningRate * opts.l2 * st.t);
      st.t++;
      const x = data.x[i]!;
      scoresInto(logits, x, weights, bias, st.scale);
      softmax(probs, logits, 1);
      const yi = data.y[i]!;
      probs[yi] = probs[yi]! - 1;
      // Only classes with a non-negligible gradient are updated (most are ~0 after the first epoch).
      let nActive = 0;
      for (let c = 0; c < C; c++) {
        const g = probs[c]!;
        if (g > 1e-4 || g < -1e-4) {
          active[nActive] = c;
          grads[nActive] = g;
          nActive++;
        }
      }
      // L2 decay through the global scale; weights store W / scale.
      st.scale *= 1 - lr * opts.l2;
      const step = lr / st.scale;
      for (let k = 0; k < x.idx.length; k++) {
        const base = x.idx[k]! * C;
        const v = x.val[k]! * step;
        for (let a = 0; a < nActive; a++) {
          const j = base + active[a]!;
          weights[j] = weights[j]! - v * grads[a]!;
        }
      }
      for (let a = 0; a < nActive; a++) {
        const c = active[a]!;
        bias[c] = bias[c]! - lr * grads[a]!;
      }
      if (st.scale < 1e-3) foldScale(st);
    }
    if (avg !== undefined && epoch >= epochs - (opts.averageEpochs ?? 0)) {
      foldScale(st);
      for (let w = 0; w < weights.length; w++) avg.w[w] = avg.w[w]! + weights[w]!;
      for (let c = 0; c < C; c++) avg.b[c] = avg.b[c]! + bias[c]!;
      avg.n++;
    }
    onEpoch?.(epoch + 1);
  }
  if (avg !== undefined && avg.n > 0) {
    foldScale(st);
    for (let w = 0; w < weights.length; w++) weights[w] = avg.w[w]! / avg.n;
    for (let c = 0; c < C; c++) bias[c] = avg.b[c]! / avg.n;
  }
}

function foldScale(st: SgdState): void {
  const w = st.weights;
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * st.scale;
  st.scale = 1;
}

/** Temperature minimising the negative log-likelihood of held-out labels (golden-section search). */
function fitTemperature(logitRows: Float64Array[], labels: number[]): number {
  const nll = (T: number): number => {
    let s = 0;
    for (let i = 0; i < logitRows.length; i++) {
      const row = logitRows[i]!;
      let max = -Infinity;
      for (const v of row) if (v > max) max = v;
      let sum = 0;
      for (const v of row) sum += Math.exp((v - max) / T);
      s -= (row[labels[i]!]! - max) / T - Math.log(sum);
    }
    return s;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = nll(Math.exp(a));
  let fb = nll(Math.exp(b));
  for (let it = 0; it < 40; it++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = nll(Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = nll(Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

class LinearMatcher implements Matcher {
  readonly intents: readonly string[];
  private readonly logits: Float64Array;

  constructor(private readonly model: Model) {
    this.intents = model.intents;
    this.logits = new Float64Array(model.intents.length);
  }

  get scorePower(): number {
    return this.model.scorePower;
  }

  /** Calibrated probabilities per intent, in intent order. */
  probabilities(fullText: string, options?: RankOptions): Float64Array {
    const m = this.model;
    // A chat question fits in far less; pasted documents are matched on their beginning.
    const text = fullText.length > MAX_CHARS ? fullText.slice(0, MAX_CHARS) : fullText;
    const language = resolveLanguage(text, options?.language, m.languages);
    const raw = extractFeatures(text, language, m.vectorizer.cfg);
    const x = m.vectorizer.transform(raw);
    scoresInto(this.logits, x, m.weights, m.bias, 1);
    const probs = new Float64Array(this.logits.length);
    if (x.idx.length === 0) {
      // Nothing known in the text: no intent is more likely than another.
      probs.fill(1 / probs.length);
      return probs;
    }
    // Unfamiliar text: the share of its character n-grams never seen in training (and never seen
    // with the best intent) lowers every score, order unchanged. Out-of-scope questions share the
    // phrasing of in-scope ones but bring words of their own; misspellings keep most n-grams.
    let total = 0;
    for (let i = 0; i < raw.keys.length; i++) if ((raw.keys[i]! & CHAR_BIT) !== 0) total++;
    let known = 0;
    const keys = m.vectorizer.keys;
    for (let k = 0; k < x.idx.length; k++) if ((keys[x.idx[k]!]! & CHAR_BIT) !== 0) known++;
    finalScores(probs, this.logits, m, x, total, known, (col) => (keys[col]! & CHAR_BIT) !== 0);
    return probs;
  }

  rank(text: string, options?: RankOptions): RankedIntent[] {
    const probs = this.probabilities(text, options);
    const out: RankedIntent[] = new Array<RankedIntent>(probs.length);
    for (let c = 0; c < probs.length; c++) out[c] = { intent: this.intents[c]!, score: probs[c]! };
    out.sort((a, b) => b.score - a.score || (a.intent < b.intent ? -1 : 1));
    return out;
  }

  serialize(): SerializedMatcher {
    const m = this.model;
    return {
      format: 'migrant-rights-bot/matcher',
      version: MATCHER_VERSION,
      intents: m.intents,
      languages: m.languages,
      features: m.vectorizer.cfg,
      keys: b64(new Uint8Array(m.vectorizer.keys.buffer.slice(0))),
      idf: b64(new Uint8Array(m.vectorizer.idf.buffer.slice(0))),
      weights: b64(new Uint8Array(m.weights.buffer.slice(0))),
      bias: Array.from(m.bias),
      temperature: m.temperature,
      coveragePower: m.coveragePower,
      intentBits: b64(new Uint8Array(m.intentBits.buffer.slice(0))),
      intentCoveragePower: m.intentCoveragePower,
      unknownLogit: m.unknownLogit,
      unknownTemperature: m.unknownTemperature,
      scorePower: m.scorePower,
    };
  }
}

export interface SerializedMatcher {
  format: 'migrant-rights-bot/matcher';
  version: number;
  intents: string[];
  languages: string[];
  features: FeatureConfig;
  /** Base64 little-endian Int32Array / Float32Array buffers. */
  keys: string;
  idf: string;
  weights: string;
  bias: number[];
  temperature: number;
  coveragePower: number;
  /** Base64 Uint32Array: which intents' training texts hold each column. */
  intentBits: string;
  intentCoveragePower: number;
  unknownLogit: number;
  unknownTemperature: number;
  scorePower: number;
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromB64(s: string): ArrayBuffer {
  const buf = Buffer.from(s, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

const DEFAULTS = {
  epochs: 5,
  learningRate: 0.8,
  l2: 1e-5,
  calibrationFraction: 0.1,
  finalEpochs: 4,
  averageEpochs: 3,
  coveragePower: 2,
  intentCoveragePower: 0,
  unknownLogitQuantile: 0,
  unknownTemperatureFactor: 3,
  seed: 1,
};

/**
 * Out-of-scope scoring, off by default: the top intent's own n-gram coverage (squared) and a
 * "none of these" logit at the 1% quantile of the training examples' own-intent logits, with a
 * temperature three times the softmax's, then a power map fitted on held-out examples so that
 * scores read as probabilities again. On CLINC150 it lifts out-of-scope recall at 90% in-scope
 * accuracy from 75% to 86%; on the bot's own content it answered slightly more wrongly at the
 * same rate of right answers at first; with more examples and the decision rules of
 * src/core/pipeline/decide.ts it does better, and the bot uses it (docs/matcher.md).
 */
export const OUT_OF_SCOPE_OPTIONS: Readonly<MatcherTrainOptions> = {
  intentCoveragePower: 2,
  unknownLogitQuantile: 0.01,
  unknownTemperatureFactor: 3,
};

/**
 * Small training sets (the bot's own intents) get more passes and keep every feature; large ones
 * (benchmarks) drop features seen in a single text, which shrinks the model by a third with no
 * loss of accuracy on BANKING77 (it cost 2 points of cross-validated accuracy on the bot's intents,
 * hence the size rule).
 */
function sizeDefaults(n: number): { epochs: number; finalEpochs: number; minDf: number } {
  if (n < 2000) return { epochs: 20, finalEpochs: 10, minDf: 1 };
  if (n < 8000) return { epochs: 8, finalEpochs: 5, minDf: 1 };
  return { epochs: DEFAULTS.epochs, finalEpochs: DEFAULTS.finalEpochs, minDf: 2 };
}

/** Stratified split: about `fraction` of each intent's examples (at least one when it has ≥ 3). */
function holdOut(y: Int32Array, C: number, fraction: number, rand: () => number): Set<number> {
  const byClass: number[][] = Array.from({ length: C }, () => []);
  y.forEach((c, i) => byClass[c]!.push(i));
  const held = new Set<number>();
  for (const idx of byClass) {
    if (idx.length < 3) continue;
    shuffle(idx, rand);
    const n = Math.max(1, Math.round(idx.length * fraction));
    for (const i of idx.slice(0, n)) held.add(i);
  }
  return held;
}

/** Raw features are dropped as soon as the vectors exist (they are the largest temporary). */
function vectorize(
  examples: readonly TrainingExample[],
  languages: (string | undefined)[],
  cfg: FeatureConfig,
  minDf: number,
): { vectorizer: Vectorizer; x: SparseVector[] } {
  // Presized from the text lengths (about 5 distinct features per character) to avoid regrowing.
  const raws = new RawPool(examples.reduce((sum, e) => sum + 5 * (e.text.length + 4), 1024));
  examples.forEach((e, i) => raws.add(extractFeatures(e.text, languages[i], cfg)));
  const vectorizer = Vectorizer.fit(raws, cfg, minDf);
  // All vectors share two buffers (views into them), instead of thousands of small allocations.
  // The column indices overwrite the raw keys in place: row i is written at or before where it is
  // read, so this is safe and saves a buffer as large as the training set's features.
  const total = raws.ptr[raws.length]!;
  const idx = raws.keys;
  const val = new Float32Array(total);
  const ptr = new Int32Array(raws.length + 1);
  for (let i = 0; i < raws.length; i++) {
    ptr[i + 1] = ptr[i]! + vectorizer.transformInto(raws.row(i), idx, val, ptr[i]!);
  }
  const x: SparseVector[] = [];
  for (let i = 0; i < raws.length; i++) {
    x.push({ idx: idx.subarray(ptr[i]!, ptr[i + 1]!), val: val.subarray(ptr[i]!, ptr[i + 1]!) });
  }
  return { vectorizer, x };
}

/**
 * The power that maps the combined score (softmax × discounts) back to a probability of being
 * right, fitted on the held-out examples; a monotone map, so it changes no ranking and no in/out
 * separation. Held-out texts are scored as unseen: an n-gram of theirs counts as known only when
 * the other training texts hold it (n-grams dropped by the vocabulary's min df are not counted).
 */
function heldOutScorePower(
  sub: TrainSet,
  heldX: SparseVector[],
  logitRows: Float64Array[],
  labels: number[],
  st: SgdState,
  vectorizer: Vectorizer,
  o: {
    temperature: number;
    coveragePower: number;
    intentCoveragePower: number;
    unknownOn: boolean;
    unknownLogitQuantile: number;
    unknownTemperatureFactor: number;
  },
): number {
  const C = st.bias.length;
  const subBits = intentBitsOf(sub.x, sub.y, vectorizer.size, C);
  const parts: ScoreParts = {
    temperature: o.temperature,
    coveragePower: o.coveragePower,
    intentBits: subBits,
    intentCoveragePower: o.intentCoveragePower,
    unknownLogit: o.unknownOn
      ? ownLogitQuantile(sub.x, sub.y, st.weights, st.bias, C, o.unknownLogitQuantile)
      : 0,
    unknownTemperature: o.unknownOn ? o.unknownTemperatureFactor * o.temperature : 0,
    scorePower: 1,
  };
  const isCharCol = (col: number): boolean => (vectorizer.keys[col]! & CHAR_BIT) !== 0;
  const words = (C + 31) >>> 5;
  const scores: number[] = [];
  const correct: boolean[] = [];
  const out = new Float64Array(C);
  heldX.forEach((xi, r) => {
    let total = 0;
    let known = 0;
    for (let k = 0; k < xi.idx.length; k++) {
      const col = xi.idx[k]!;
      if (!isCharCol(col)) continue;
      total++;
      for (let w = 0; w < words; w++) {
        if (subBits[col * words + w] !== 0) {
          known++;
          break;
        }
      }
    }
    finalScores(out, logitRows[r]!, parts, xi, total, known, isCharCol);
    let top = 0;
    for (let c = 1; c < C; c++) if (out[c]! > out[top]!) top = c;
    scores.push(out[top]!);
    correct.push(top === labels[r]);
  });
  return fitScorePower(scores, correct);
}

/**
 * Train a matcher on labelled examples. Deterministic for given examples and options.
 * Throws when there are no examples.
 */
export function trainMatcher(
  examples: readonly TrainingExample[],
  options: MatcherTrainOptions = {},
): Matcher & { serialize(): SerializedMatcher } {
  if (examples.length === 0) throw new Error('trainMatcher: no training examples');
  const opts = { ...DEFAULTS, ...sizeDefaults(examples.length), ...options };
  const cfg: FeatureConfig = { ...DEFAULT_FEATURES, ...options.features };
  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  const C = intents.length;
  const classOf = new Map(intents.map((n, i) => [n, i]));
  // Languages: every one given explicitly, plus any guessed for at least 10% of unlabelled examples.
  const counts = new Map<string, number>();
  const given = new Set<string>();
  for (const e of examples) {
    if (e.language !== undefined) given.add(e.language);
    else {
      const l = resolveLanguage(e.text, undefined);
      if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
  }
  const unlabelled = examples.filter((e) => e.language === undefined).length;
  for (const [l, n] of counts) if (n >= 0.1 * unlabelled) given.add(l);
  const languages = [...given].filter((l) => STEMMED_LANGUAGES.includes(l)).sort();
  const exampleLanguages = examples.map((e) => resolveLanguage(e.text, e.language, languages));
  const y = Int32Array.from(examples.map((e) => classOf.get(e.intent)!));
  const { vectorizer, x } = vectorize(examples, exampleLanguages, cfg, opts.minDf);

  const rand = rng(opts.seed);
  const held =
    opts.calibrationFraction > 0 && C > 1 ? holdOut(y, C, opts.calibrationFraction, rand) : new Set<number>();
  const calibrate = held.size >= Math.min(20, 2 * C);
  const totalEpochs = opts.epochs + (calibrate ? opts.finalEpochs : 0);
  const onEpoch = (done: number): void => options.onProgress?.(done, totalEpochs);
  const st = newState(vectorizer.size, C);
  const unknownOn = opts.unknownLogitQuantile > 0 && opts.unknownTemperatureFactor > 0;
  // The power map only repairs the calibration the out-of-scope discounts take away.
  const refit = unknownOn || opts.intentCoveragePower > 0;
  let temperature = 1;
  let scorePower = 1;
  if (calibrate) {
    // Train without the held-out examples, fit the temperature on them, then finish on everything.
    const trainIdx = [...y.keys()].filter((i) => !held.has(i));
    const sub: TrainSet = {
      x: trainIdx.map((i) => x[i]!),
      y: Int32Array.from(trainIdx.map((i) => y[i]!)),
    };
    sgdEpochs(st, sub, C, opts.epochs, opts, rand, onEpoch);
    foldScale(st);
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (const i of held) {
      const row = new Float64Array(C);
      scoresInto(row, x[i]!, st.weights, st.bias, 1);
      rows.push(row);
      labels.push(y[i]!);
    }
    temperature = fitTemperature(rows, labels);
    if (refit) {
      const heldX = [...held].map((i) => x[i]!);
      scorePower = heldOutScorePower(sub, heldX, rows, labels, st, vectorizer, {
        ...opts,
        temperature,
        unknownOn,
      });
    }
    sgdEpochs(st, { x, y }, C, opts.finalEpochs, opts, rand, (e) => onEpoch(opts.epochs + e));
  } else {
    sgdEpochs(st, { x, y }, C, opts.epochs, opts, rand, onEpoch);
  }
  foldScale(st);
  return new LinearMatcher({
    intents,
    languages,
    vectorizer,
    weights: st.weights,
    bias: st.bias,
    temperature,
    coveragePower: opts.coveragePower,
    // Kept only when used (on the bot's content it would add about a megabyte to the cached model).
    intentBits: opts.intentCoveragePower > 0 ? intentBitsOf(x, y, vectorizer.size, C) : new Uint32Array(0),
    intentCoveragePower: opts.intentCoveragePower,
    unknownLogit: unknownOn ? ownLogitQuantile(x, y, st.weights, st.bias, C, opts.unknownLogitQuantile) : 0,
    unknownTemperature: unknownOn ? opts.unknownTemperatureFactor * temperature : 0,
    scorePower,
  });
}

/** Rebuild a matcher from `matcher.serialize()`; ranks are identical. */
export function loadMatcher(serialized: unknown): Matcher & { serialize(): SerializedMatcher } {
  const s = serialized as SerializedMatcher;
  if (s === null || typeof s !== 'object' || s.format !== 'migrant-rights-bot/matcher') {
    throw new Error('loadMatcher: not a serialized matcher');
  }
  if (s.version !== MATCHER_VERSION) {
    throw new Error(`loadMatcher: model version ${s.version}, this code reads ${MATCHER_VERSION}`);
  }
  const keys = new Int32Array(fromB64(s.keys));
  const idf = new Float32Array(fromB64(s.idf));
  const weights = new Float32Array(fromB64(s.weights));
  const C = s.intents.length;
  const intentBits = new Uint32Array(fromB64(s.intentBits));
  if (
    idf.length !== keys.length ||
    weights.length !== keys.length * C ||
    s.bias.length !== C ||
    (s.intentCoveragePower > 0 && intentBits.length !== keys.length * ((C + 31) >>> 5))
  ) {
    throw new Error('loadMatcher: inconsistent model sizes');
  }
  return new LinearMatcher({
    intents: s.intents,
    languages: s.languages,
    vectorizer: new Vectorizer(s.features, keys, idf),
    weights,
    bias: Float32Array.from(s.bias),
    temperature: s.temperature,
    coveragePower: s.coveragePower,
    intentBits,
    intentCoveragePower: s.intentCoveragePower,
    unknownLogit: s.unknownLogit,
    unknownTemperature: s.unknownTemperature,
    scorePower: s.scorePower,
  });
}
