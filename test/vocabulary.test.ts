import { describe, expect, it } from 'vitest';
import { buildVocabulary } from '../src/core/vocabulary.ts';

describe('vocabulary', () => {
  // Ten intents, so a word in at most three of them is informative (maxShare 0.3).
  const intents = Array.from({ length: 10 }, (_, i) => `intent_${i}`);
  const examples = [
    // "country" and "countries" in every intent: common, not informative.
    ...intents.map((intent) => ({ text: `which country or countries apply here`, intent, language: 'en' })),
    { text: 'do my years count', intent: 'intent_0', language: 'en' },
    { text: 'the months abroad count too', intent: 'intent_1', language: 'en' },
  ];
  const v = buildVocabulary(examples);

  it('a five-letter word is not confused with the prefix of longer, common words', () => {
    // "count" is in two intents; "country"/"countries" (prefix "count") in all ten.
    expect(v.informative('does it count')).toEqual(['count']);
    expect(v.informative('which country')).toEqual([]);
  });

  it('an unseen inflection still falls back to its prefix', () => {
    // "countryside" was never seen: its prefix "count" is that of the common words.
    expect(v.informative('countryside')).toEqual([]);
    expect(v.has('countryside')).toBe(false);
    expect(v.has('count')).toBe(true);
    expect(v.coverage('count')).toBe(1);
  });
});
