import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getOrTrainMatcher, matcherCacheKey } from '../src/nlu/cache.ts';
import type { TrainingExample } from '../src/nlu/types.ts';

const EXAMPLES: TrainingExample[] = [
  { text: 'can I take my pension home', intent: 'pension', language: 'en' },
  { text: 'my pension when I go back', intent: 'pension', language: 'en' },
  { text: 'mi pensión si regreso', intent: 'pension', language: 'es' },
  { text: 'I need a doctor', intent: 'health', language: 'en' },
  { text: 'hospital without papers', intent: 'health', language: 'en' },
  { text: 'necesito un médico', intent: 'health', language: 'es' },
];

const dir = mkdtempSync(join(tmpdir(), 'nlu-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('matcher cache', () => {
  it('trains once, then loads the same model while the examples are unchanged', () => {
    const first = getOrTrainMatcher(EXAMPLES, dir);
    expect(first.fromCache).toBe(false);
    const second = getOrTrainMatcher([...EXAMPLES], dir);
    expect(second.fromCache).toBe(true);
    expect(second.key).toBe(first.key);
    for (const q of ['pension abroad', 'médico', 'pensoin']) {
      expect(second.matcher.rank(q)).toEqual(first.matcher.rank(q));
    }
  });

  it('retrains when an example changes', () => {
    const changed = [...EXAMPLES, { text: 'who pays when I am sick', intent: 'health', language: 'en' }];
    expect(matcherCacheKey(changed)).not.toBe(matcherCacheKey(EXAMPLES));
    const r = getOrTrainMatcher(changed, dir);
    expect(r.fromCache).toBe(false);
    expect(getOrTrainMatcher(changed, dir).fromCache).toBe(true);
    const relabelled = EXAMPLES.map((e, i) => (i === 0 ? { ...e, intent: 'health' } : e));
    expect(matcherCacheKey(relabelled)).not.toBe(matcherCacheKey(EXAMPLES));
    const relang = EXAMPLES.map((e, i) => (i === 0 ? { ...e, language: 'es' } : e));
    expect(matcherCacheKey(relang)).not.toBe(matcherCacheKey(EXAMPLES));
  });

  it('retrains when the training options change', () => {
    expect(matcherCacheKey(EXAMPLES, { epochs: 3 })).not.toBe(matcherCacheKey(EXAMPLES));
  });

  it('replaces a corrupt cache file instead of failing', () => {
    const { file } = getOrTrainMatcher(EXAMPLES, dir);
    writeFileSync(file, '{ not json');
    const r = getOrTrainMatcher(EXAMPLES, dir);
    expect(r.fromCache).toBe(false);
    expect(getOrTrainMatcher(EXAMPLES, dir).fromCache).toBe(true);
  });

  it('keeps only a few models in the directory', () => {
    for (let i = 0; i < 7; i++) {
      getOrTrainMatcher([...EXAMPLES, { text: `extra example ${i}`, intent: 'health' }], dir);
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.json')).length).toBeLessThanOrEqual(4);
  });
});
