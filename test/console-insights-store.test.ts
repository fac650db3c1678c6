/**
 * Trend events in the stores and the core: ISO weeks, one event per handled message with no text,
 * the embedded store's week files (a line written twice after a crash counts once; /forget rewrites
 * the files without the worker's key), and the worker key unlinkable to the reference.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPseudonymizer } from '../src/core/pseudonym.ts';
import { trendKey } from '../src/core/trends.ts';
import { createLowdbStore } from '../src/store/lowdb.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { TrendEvent } from '../src/store/port.ts';
import { isIsoWeek, isoWeek, weekStart, weeksBetween } from '../src/store/trends.ts';
import { makeTestApp } from './helpers/app.ts';
import { DATABASE_URL, noteSkipped, pgSchemas } from './helpers/postgres.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(path.join(tmpdir(), 'mrb-trends-'));
  dirs.push(d);
  return d;
};
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const ev = (workerKey: string, extra: Partial<TrendEvent> = {}): TrendEvent => ({
  week: '2026-W49',
  outcome: 'answered',
  topic: 'health_care',
  language: 'en',
  channel: 'test',
  workerKey,
  ...extra,
});

describe('ISO weeks', () => {
  it('numbers weeks from the one holding the year’s first Thursday', () => {
    expect(isoWeek(new Date('2026-12-01T12:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53'); // a Sunday of 2020's last week
    expect(isoWeek(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(weekStart('2026-W49').toISOString().slice(0, 10)).toBe('2026-11-30');
    expect(weeksBetween('2020-W52', '2021-W02')).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
    expect(isIsoWeek('2026-W49')).toBe(true);
    expect(isIsoWeek('2026-W54')).toBe(false);
    expect(isIsoWeek('2026-49')).toBe(false);
  });
});

describe('trend events from the core', () => {
  it('records one event per message, with no text, and none for commands; /forget deletes them', async () => {
    const store = createMemoryStore();
    const t = await makeTestApp({ store });
    try {
      const traces = [
        (await t.say('can I get my pension if I go back home', 'w-1')).trace,
        (await t.say('blorp zzkx qwertyuiop', 'w-1')).trace,
        (await t.say('/help', 'w-1')).trace,
        (await t.say('¿puedo ver a un médico?', 'w-2')).trace,
      ];
      expect(traces.map((x) => x.outcome)).toContain('command');
      // Every message but the command counts once, under its outcome (sent to staff = escalated).
      const expected = new Map<string, number>();
      for (const x of traces.filter((x) => x.outcome !== 'command')) {
        const o = x.outcome === 'handoff' ? 'escalated' : x.outcome === 'urgent' ? 'safety' : x.outcome;
        expected.set(o, (expected.get(o) ?? 0) + 1);
      }
      const byOutcome = await store.trendCounts({}, 'outcome');
      expect(new Map(byOutcome.map((c) => [c.key, c.messages]))).toEqual(expected);
      expect(byOutcome.reduce((n, c) => n + c.messages, 0)).toBe(3);
      const byTopic = await store.trendCounts({}, 'topic');
      expect(byTopic.map((c) => c.key)).toContain('pension_portability_return');
      expect((await store.trendCounts({}, 'language')).map((c) => c.key)).toEqual(['en', 'es']);
      expect((await store.trendCounts({}, 'week')).map((c) => c.key)).toEqual([isoWeek(new Date())]);

      await t.say('/forget', 'w-1');
      expect(await store.trendCounts({}, 'language')).toEqual([{ key: 'es', messages: 1, workers: 1 }]);
    } finally {
      await t.close();
    }
  });

  it('keys a worker apart from their reference and from other workers', () => {
    const p = createPseudonymizer('a-secret-a-secret-a-secret-a-secret');
    const ref = p({ channel: 'telegram', userId: '42' });
    const key = trendKey(p, 'telegram', ref);
    expect(key).toMatch(/^T-/);
    expect(key.slice(2)).not.toBe(ref.slice(2));
    expect(key).not.toBe(trendKey(p, 'telegram', p({ channel: 'telegram', userId: '43' })));
    expect(key).not.toBe(trendKey(createPseudonymizer('another-secret-another-secret-xx'), 'telegram', ref));
  });
});

describe('trend events in the embedded store', () => {
  it('appends to one file per week; a line written twice (a crash before the journal was dropped) counts once', async () => {
    const dir = await tempDir();
    let s = await createLowdbStore(dir);
    await s.recordTrend(ev('T-a'));
    await s.recordTrend(ev('T-b', { week: '2026-W48' }));
    await s.close();
    const trendsDir = path.join(dir, 'store', 'trends');
    expect((await readdir(trendsDir)).sort()).toEqual(['2026-W48.jsonl', '2026-W49.jsonl']);
    const file = path.join(trendsDir, '2026-W49.jsonl');
    const text = await readFile(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(1);
    // The same line again, and a line cut short at the end.
    await writeFile(file, text + text + '["x","answ');
    s = await createLowdbStore(dir);
    expect(await s.trendCounts({}, 'week')).toEqual([
      { key: '2026-W48', messages: 1, workers: 1 },
      { key: '2026-W49', messages: 1, workers: 1 },
    ]);
    await s.recordTrend(ev('T-c'));
    await s.close();
    s = await createLowdbStore(dir);
    expect(await s.trendCounts({ from: '2026-W49' }, 'week')).toEqual([
      { key: '2026-W49', messages: 2, workers: 2 },
    ]);
    await s.close();
  });

  it('on /forget rewrites the week files without the worker’s key, and counts events not yet written', async () => {
    const dir = await tempDir();
    let s = await createLowdbStore(dir);
    await s.recordTrend(ev('T-gone'));
    await s.recordTrend(ev('T-stay'));
    await s.checkpoint();
    await s.recordTrend(ev('T-gone', { week: '2026-W50' }));
    expect((await s.forgetWorker('W-gone', { trendKey: 'T-gone' })).trends).toBe(2);
    expect(await s.trendCounts({}, 'week')).toEqual([{ key: '2026-W49', messages: 1, workers: 1 }]);
    await s.close();
    const trendsDir = path.join(dir, 'store', 'trends');
    for (const f of await readdir(trendsDir))
      expect(await readFile(path.join(trendsDir, f), 'utf8')).not.toContain('T-gone');
    s = await createLowdbStore(dir);
    expect(await s.trendCounts({}, 'week')).toEqual([{ key: '2026-W49', messages: 1, workers: 1 }]);
    await s.close();
  });
});

noteSkipped('trend events in PostgreSQL (test/console-insights-store.test.ts)');
const pgs = pgSchemas();

describe.skipIf(!DATABASE_URL)('trend events in PostgreSQL', () => {
  it('counts a range of weeks and forgets a worker through indexes (no sequential scan)', async () => {
    const s = await pgs.store();
    try {
      // Two years of weeks, many workers: the console asks for a few weeks at a time.
      await s.query(`INSERT INTO trend_events (week, outcome, topic, origin, destination, language, channel, worker_key)
        SELECT to_char(date '2025-01-06' + ((g % 100) * 7), 'IYYY-"W"IW'), 'answered', 't' || (g % 40),
               'PH', 'ES', CASE WHEN g % 3 = 0 THEN 'es' ELSE 'en' END, 'test', 'T-' || (g % 20000)
        FROM generate_series(1, 60000) g`);
      await s.query('ANALYZE trend_events');
      const range = { from: '2026-W10', to: '2026-W21' };
      const sql = `SELECT count(*) FROM trend_events WHERE week >= $1 AND week <= $2`;
      const plans: [string, unknown[]][] = [
        [sql, [range.from, range.to]],
        [`${sql} AND language = $3`, [range.from, range.to, 'es']],
        ['DELETE FROM trend_events WHERE worker_key = $1', ['T-5']],
      ];
      for (const [q, params] of plans) {
        const plan = (await s.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q}`, params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
        expect(plan, q).not.toMatch(/Seq Scan/);
      }
      const weeks = await s.trendCounts(range, 'week');
      expect(weeks).toHaveLength(12);
      expect(weeks.every((w) => w.messages === 600 && w.workers === 200)).toBe(true);
      expect((await s.forgetWorker('W-5', { trendKey: 'T-5' })).trends).toBe(3);
    } finally {
      await s.close();
    }
  });
});
