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
  /** The intents it knows. */
  readonly intents: readonly string[];
  /** A JSON-serialisable model, for caching; `loadMatcher(serialize())` gives the same ranks. */
  serialize(): unknown;
}

export interface TrainOptions {
  /** Progress callback for long trainings (benchmarks). */
  onProgress?: (done: number, total: number) => void;
}
