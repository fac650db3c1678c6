/**
 * A trained-model cache: the serialised matcher is stored as JSON under `cacheDir`, keyed by a
 * SHA-256 of the training examples, the training options and the matcher version. Start-up with
 * unchanged intents loads the file instead of training. The newest few models are kept.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { loadMatcher, MATCHER_VERSION, trainMatcher } from './matcher.ts';
import type { MatcherTrainOptions } from './matcher.ts';
import type { Matcher, TrainingExample } from './types.ts';

const PREFIX = 'matcher-';
const KEEP = 4;

/** The cache key: changes whenever an example, its order, the options or the algorithm change. */
export function matcherCacheKey(
  examples: readonly TrainingExample[],
  options: Omit<MatcherTrainOptions, 'onProgress'> = {},
): string {
  const h = createHash('sha256');
  h.update(`v${MATCHER_VERSION}\n`);
  const { onProgress: _ignored, ...rest } = options as MatcherTrainOptions;
  h.update(JSON.stringify(rest, Object.keys(rest).sort()));
  h.update('\n');
  for (const e of examples) h.update(JSON.stringify([e.intent, e.language ?? null, e.text]) + '\n');
  return h.digest('hex');
}

export interface CachedMatcher {
  matcher: Matcher;
  /** True when loaded from the cache, false when it was trained now. */
  fromCache: boolean;
  key: string;
  file: string;
}

/**
 * Load the matcher for these examples from `cacheDir`, or train it and store it there.
 * A corrupt or unreadable cache file is ignored (and replaced). Older cache files are removed.
 */
export function getOrTrainMatcher(
  examples: readonly TrainingExample[],
  cacheDir: string,
  options: MatcherTrainOptions = {},
): CachedMatcher {
  const key = matcherCacheKey(examples, options);
  const file = join(cacheDir, `${PREFIX}${key.slice(0, 32)}.json`);
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; model?: unknown };
    if (stored.key === key) return { matcher: loadMatcher(stored.model), fromCache: true, key, file };
  } catch {
    // Missing or unreadable: train below.
  }
  const matcher = trainMatcher(examples, options);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, model: matcher.serialize() }));
    renameSync(tmp, file);
    // Keep the few most recent models (several matchers may share the directory).
    const old = readdirSync(cacheDir)
      .filter((n) => n.startsWith(PREFIX) && n.endsWith('.json'))
      .map((n) => ({ path: join(cacheDir, n), mtime: statSync(join(cacheDir, n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
      .slice(KEEP);
    for (const o of old) unlinkSync(o.path);
  } catch {
    // A read-only or full disk must not stop the bot: it runs with the freshly trained model.
  }
  return { matcher, fromCache: false, key, file };
}
