/**
 * The bot's matcher settings do not depend on how large the content has grown: it keeps every
 * feature (a word seen in one example still counts) and trains with the passes meant for it. Size
 * defaults meant for the benchmarks (≥ 8,000 texts: features seen once dropped, fewer passes) had
 * silently applied once the content passed 8,000 examples.
 */
import { describe, expect, it } from 'vitest';
import { BOT_MATCHER_OPTIONS } from '../src/kb/live.ts';
import { trainMatcher } from '../src/nlu/matcher.ts';
import type { TrainingExample } from '../src/nlu/types.ts';

describe("the bot's matcher settings", () => {
  // 8,400 short texts in two intents; "zebra" occurs in a single one, of intent b.
  const examples: TrainingExample[] = Array.from({ length: 8400 }, (_, i) => ({
    text: i % 2 === 0 ? `pension money number ${i % 97}` : `union meeting number ${i % 89}`,
    intent: i % 2 === 0 ? 'a' : 'b',
    language: 'en',
  }));
  examples.push({ text: 'zebra union', intent: 'b', language: 'en' });

  it('keep a word seen in a single example on a large content', () => {
    const bot = trainMatcher(examples, { ...BOT_MATCHER_OPTIONS, calibrationFraction: 0 });
    const [top, second] = bot.rank('zebra', { language: 'en' });
    expect(top!.intent).toBe('b');
    expect(top!.score).toBeGreaterThan(second!.score + 0.1);
  });

  it('where the size defaults alone would drop it (nothing known: every intent alike)', () => {
    const plain = trainMatcher(examples, { calibrationFraction: 0 });
    const ranked = plain.rank('zebra', { language: 'en' });
    expect(ranked[0]!.score).toBeCloseTo(ranked[1]!.score, 6);
  });
});
