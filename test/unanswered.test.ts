import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { groupUnanswered } from '../src/cli/kb-unanswered.ts';
import { createLowdbStore } from '../src/store/lowdb.ts';
import type { UnansweredRecord } from '../src/store/port.ts';

const rec = (text: string, language: 'en' | 'es' = 'en', topIntent?: string): UnansweredRecord => ({
  text,
  language,
  reason: 'fallback',
  topIntent,
  at: '2026-11-22T00:00:00Z',
});

describe('kb unanswered', () => {
  it('groups similar questions with counts, most frequent first', () => {
    const groups = groupUnanswered([
      rec('can my wife get a visa'),
      rec('how do I get a tax refund', 'en', 'contributions_on_return'),
      rec('can my wife get a visa too'),
      rec('my wife visa question'),
      rec('tax refund how do I get it', 'en', 'contributions_on_return'),
    ]);
    expect(groups.map((g) => [g.example, g.count])).toEqual([
      ['can my wife get a visa', 3],
      ['how do I get a tax refund', 2],
    ]);
    expect(groups[1]!.nearestIntent).toBe('contributions_on_return');
  });

  it('reads the bot’s store and prints the groups', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mrb-unans-'));
    try {
      const store = await createLowdbStore(dir);
      await store.addUnanswered(rec('where is the embassy'));
      await store.addUnanswered(rec('where is the embassy please'));
      await store.close();
      const { stdout } = await promisify(execFile)(
        path.resolve('node_modules/.bin/tsx'),
        ['src/cli/kb.ts', 'unanswered'],
        {
          env: { PATH: process.env.PATH, DATA_DIR: dir },
        },
      );
      expect(stdout).toMatch(/2 unanswered questions in 1 groups/);
      expect(stdout).toMatch(/2×\s+"where is the embassy"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
