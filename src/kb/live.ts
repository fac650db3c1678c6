/**
 * The content the running bot uses, and hot reload: edited files are picked up; a bad edit is
 * rejected with the validation messages and the last good content stays live.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { EntityFinder, Logger, NluPolicy } from '../core/dialogue.ts';
import {
  buildLanguageGuesser,
  buildVocabulary,
  type LanguageGuess,
  type Vocabulary,
} from '../core/vocabulary.ts';
import { DEFAULT_POLICY, silentLogger } from '../core/dialogue.ts';
import { createEntityExtractor } from '../nlu/entities.ts';
import { getOrTrainMatcher } from '../nlu/cache.ts';
import { OUT_OF_SCOPE_OPTIONS, trainMatcher, type MatcherTrainOptions } from '../nlu/matcher.ts';
import type { Matcher, TrainingExample } from '../nlu/types.ts';
import { formatProblem, loadContent, type Content, type Problem } from './loader.ts';
import { asOutcomes, heldOutTests, predictAll, suggestThreshold, suggestThresholds } from './quality.ts';

export interface NluState {
  content: Content;
  matcher: Matcher;
  entities: EntityFinder;
  policy: NluPolicy;
  vocabulary: Vocabulary;
  /** Language of a message, learned from the content's examples (see vocabulary.ts). */
  guessLanguage: (text: string) => LanguageGuess;
}

export class ContentError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`Content has ${problems.length} error(s):\n` + problems.map(formatProblem).join('\n'));
    this.name = 'ContentError';
  }
}

/** The training examples of every intent, in every language it has. */
export function trainingExamples(content: Content): TrainingExample[] {
  return content.intents.flatMap((intent) =>
    Object.entries(intent.examples).flatMap(([language, list]) =>
      (list ?? []).map((text) => ({ text, intent: intent.id, language })),
    ),
  );
}

export type MatcherFactory = (examples: TrainingExample[], contentHash: string) => Promise<Matcher>;

/**
 * The bot's matcher settings: the out-of-scope scoring (own-intent coverage and a "none of these"
 * logit, docs/matcher.md). Measured through the whole bot (`kb eval --dialogue`) it answered more
 * held-out questions right (94.5% → 94.8%), fewer wrong (1.3% → 1.1%) and said "not something I can
 * answer" to more out-of-scope ones (76% → 80%) than the plain settings; on CLINC150 it is the
 * setting that reaches 90% in-scope at 85% out-of-scope recall (npm run bench:nlu).
 */
export const BOT_MATCHER_OPTIONS: Readonly<MatcherTrainOptions> = {
  ...OUT_OF_SCOPE_OPTIONS,
  epochs: 8,
  finalEpochs: 5,
  minDf: 1,
};

export const trainDirectly: MatcherFactory = async (examples) => trainMatcher(examples, BOT_MATCHER_OPTIONS);

/** Trains once per content: the model is kept in `cacheDir`, keyed by a hash of the examples. */
export const cachedIn =
  (cacheDir: string): MatcherFactory =>
  async (examples) => {
    try {
      return getOrTrainMatcher(examples, cacheDir, BOT_MATCHER_OPTIONS).matcher;
    } catch {
      // An unwritable cache must not stop the bot.
      return trainMatcher(examples, BOT_MATCHER_OPTIONS);
    }
  };

export interface LiveOptions {
  root: string;
  matcherFactory?: MatcherFactory;
  policy?: NluPolicy;
  logger?: Logger;
  maxReviewAgeDays?: number;
}

/** Loads, validates and trains; throws {@link ContentError} when the content has errors. */
export async function buildNlu(options: LiveOptions): Promise<NluState> {
  const { content, errors } = await loadContent(options.root, { maxReviewAgeDays: options.maxReviewAgeDays });
  if (errors.length > 0) throw new ContentError(errors);
  if (content.intents.length === 0)
    throw new ContentError([{ file: 'intents', message: 'no intents found' }]);
  const examples = trainingExamples(content);
  const matcher = await (options.matcherFactory ?? trainDirectly)(examples, content.hash);
  const entities = createEntityExtractor(content.kb.countries, content.kb.instruments);
  const vocabulary = buildVocabulary(examples);
  // The fallback thresholds come from data: the held-out tests scored by this very model, overall
  // and per language.
  const policy =
    options.policy ??
    (() => {
      const isOut = (id: string) => content.intentById.get(id)?.scope === 'out';
      const preds = asOutcomes(predictAll(matcher, heldOutTests(content)), isOut);
      const threshold = suggestThreshold(preds, DEFAULT_POLICY.threshold);
      return { ...DEFAULT_POLICY, threshold, thresholds: suggestThresholds(preds, threshold) };
    })();
  return { content, matcher, entities, policy, vocabulary, guessLanguage: buildLanguageGuesser(examples) };
}

export class LiveNlu {
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;

  private constructor(
    private state: NluState,
    private readonly options: LiveOptions,
  ) {
    this.log = options.logger ?? silentLogger;
  }

  static async load(options: LiveOptions): Promise<LiveNlu> {
    return new LiveNlu(await buildNlu(options), options);
  }

  current(): NluState {
    return this.state;
  }

  /** Reloads now; keeps the current content when the new one has errors. */
  async reload(): Promise<{ ok: true } | { ok: false; problems: Problem[] }> {
    const run = this.reloading.then(async () => {
      try {
        const next = await buildNlu(this.options);
        if (next.content.hash !== this.state.content.hash) {
          this.state = next;
          this.log.info({ intents: next.content.intents.length }, 'content reloaded');
        }
        return { ok: true as const };
      } catch (error) {
        const problems =
          error instanceof ContentError ? error.problems : [{ file: 'content', message: String(error) }];
        this.log.warn(
          { problems: problems.map(formatProblem) },
          'content edit rejected; the last good content stays live',
        );
        return { ok: false as const, problems };
      }
    });
    this.reloading = run;
    return run;
  }

  /** Watches knowledge/ and intents/ and reloads shortly after a change. */
  watch(debounceMs = 300): void {
    for (const dir of ['knowledge', 'intents']) {
      try {
        const w = watch(path.join(this.options.root, dir), { recursive: true }, () => {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => void this.reload(), debounceMs);
        });
        w.unref();
        this.watchers.push(w);
      } catch (error) {
        this.log.warn({ dir, error: String(error) }, 'cannot watch content directory');
      }
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}
