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
export const MATCHER_VERSION = 3;

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
    softmax(probs, this.logits, m.temperature);
    if (m.coveragePower > 0) {
      // Unfamiliar text: the share of its character n-grams never seen in training lowers every
      // score (order unchanged). Out-of-scope questions share the phrasing of in-scope ones but
      // bring words of their own; misspellings keep most of their n-grams and lose less.
      let known = 0;
      let total = 0;
      for (let i = 0; i < raw.keys.length; i++) {
        const key = raw.keys[i]!;
        if ((key & CHAR_BIT) === 0) continue;
        total++;
        if (m.vectorizer.columns.has(key)) known++;
      }
      const factor = total > 0 ? (known / total) ** m.coveragePower : 1;
      for (let c = 0; c < probs.length; c++) probs[c] = probs[c]! * factor;
    }
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
  seed: 1,
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
  let temperature = 1;
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
  if (idf.length !== keys.length || weights.length !== keys.length * C || s.bias.length !== C) {
    throw new Error('loadMatcher: inconsistent model sizes');
  }
  return new LinearMatcher({
    intents: s.intents,
    languages: s.languages,
    vectorizer: new Vectorizer(s.features, keys, idf),
    weights,
    bias: Float32Array.from(s.bias),
    temperature: s.temperature,
    coveragePower: s.coveragePower ?? 0,
  });
}
