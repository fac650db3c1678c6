/**
 * The matcher's public API. Benchmarks and the bot use exactly this shape.
 *
 * @example
 * const m = trainMatcher([{ text: 'hello', intent: 'greet', language: 'en' }, ...]);
 * m.rank('hi there', { language: 'en' }); // [{ intent: 'greet', score: 0.93 }, ...]
 */
export interface TrainingExample {
  text: string;
  intent: string;
  language?: string;
}

export interface RankedIntent {
  intent: string;
  /** In [0, 1]; higher is more confident. Best first. */
  score: number;
}

export interface RankOptions {
  language?: string;
}

export interface Matcher {
  rank(text: string, options?: RankOptions): RankedIntent[];
  /**
   * The power the final scores were raised to (1 when there is no recalibration). Scores s = p^γ:
   * `(s2 / s1) ** (1 / scorePower)` is the ratio of the underlying probabilities p2 / p1, which is
   * what a "too close to call" rule should look at (a difference of powered scores is not).
   */
  readonly scorePower?: number;
  /** The intents it knows. */
  readonly intents: readonly string[];
  /** A JSON-serialisable model, for caching; `loadMatcher(serialize())` gives the same ranks. */
  serialize(): unknown;
}

export interface TrainOptions {
  /** Progress callback for long trainings (benchmarks). */
  onProgress?: (done: number, total: number) => void;
}
