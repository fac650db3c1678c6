/**
 * The organisers' trends and the knowledge health, as data: suppression of small groups (and the
 * second group hidden when only one is), CSV that never becomes a formula, the tables built from a
 * store, the charts' accessible SVG, and knowledge health over the fixture content.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../src/console/insights/charts.ts';
import { csvField, toCsv } from '../src/console/insights/csv.ts';
import { ageBuckets, knowledgeHealth, tierOf, translatedLanguages } from '../src/console/insights/health.ts';
import { suppress } from '../src/console/insights/suppress.ts';
import {
  contentLabeller,
  parseTrendsForm,
  tableCsv,
  trendTable,
  type TrendTableView,
} from '../src/console/insights/trends.ts';
import { loadEnv } from '../src/config/env.ts';
import { loadContent } from '../src/kb/loader.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { TrendEvent } from '../src/store/port.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const c = (key: string, workers: number, messages = workers * 2) => ({ key, workers, messages });

describe('suppression', () => {
  it('hides groups of fewer than N distinct workers and totals only what is shown', () => {
    const t = suppress([c('a', 30), c('b', 3), c('c', 12), c('d', 9)], 10);
    expect(t.cells.map((x) => x.state)).toEqual(['shown', 'suppressed', 'shown', 'suppressed']);
    expect(t.shownMessages).toBe(60 + 24);
    expect(t.hidden).toBe(2);
  });

  it('hides a second group when exactly one is below the threshold (no subtracting it back)', () => {
    const t = suppress([c('a', 30), c('b', 4), c('c', 12), c('d', 40)], 10);
    expect(t.cells.map((x) => [x.key, x.state])).toEqual([
      ['a', 'shown'],
      ['b', 'suppressed'],
      ['c', 'complementary'], // the smallest shown
      ['d', 'shown'],
    ]);
    // The total of another table minus what this one shows gives only b + c, never b alone.
    expect(t.shownMessages).toBe(60 + 80);
  });

  it('keeps a lone group and an all-shown table as they are; N is the boundary', () => {
    expect(suppress([c('a', 4)], 10).cells[0]!.state).toBe('suppressed');
    expect(suppress([c('a', 10), c('b', 11)], 10).cells.map((x) => x.state)).toEqual(['shown', 'shown']);
    expect(suppress([c('a', 9), c('b', 10)], 10).cells.map((x) => x.state)).toEqual([
      'suppressed',
      'complementary',
    ]);
  });
});

describe('CSV', () => {
  it('never lets a cell start a formula, and quotes what needs quoting', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('<10')).toBe('<10');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(undefined)).toBe('');
    expect(toCsv(['a', 'b'], [[1, '=x']])).toBe("a,b\r\n1,'=x\r\n");
  });
});

const ev = (workerKey: string, extra: Partial<TrendEvent> = {}): TrendEvent => ({
  week: '2026-W48',
  outcome: 'answered',
  topic: 'health_care',
  origin: 'PH',
  destination: 'ES',
  language: 'en',
  channel: 'test',
  workerKey,
  ...extra,
});

describe('trend tables', async () => {
  const { content } = await loadContent(FIXTURE_CONTENT);
  const labels = contentLabeller(content);
  const countries = new Set(content.kb.countries.map((x) => x.iso2));
  const now = new Date('2026-12-01T10:00:00Z');

  async function seeded() {
    const store = createMemoryStore();
    for (let i = 0; i < 12; i++) await store.recordTrend(ev(`T-h${i}`));
    for (let i = 0; i < 3; i++)
      await store.recordTrend(ev(`T-p${i}`, { topic: 'pension_portability_return' }));
    for (let i = 0; i < 11; i++)
      await store.recordTrend(ev(`T-f${i}`, { outcome: 'fallback', topic: undefined }));
    for (let i = 0; i < 2; i++) await store.recordTrend(ev(`T-s${i}`, { week: '2026-W49', language: 'es' }));
    return store;
  }

  it('reads the form: dates to ISO weeks, only known languages and countries, problems said', () => {
    const p = parseTrendsForm(
      { from: '2026-11-02', to: '2026-12-01', language: 'es', origin: 'PH', destination: 'ZZ' },
      now,
      countries,
    );
    expect(p.filter).toEqual({ from: '2026-W45', to: '2026-W49', language: 'es', origin: 'PH' });
    expect(p.problems.join(' ')).toContain('destination');
    const d = parseTrendsForm({}, now, countries);
    expect(d.filter.to).toBe('2026-W49');
    expect(d.filter.from).toBe('2026-W38'); // twelve weeks
    expect(parseTrendsForm({ from: 'yesterday' }, now, countries).problems[0]).toContain('not a date');
  });

  it('builds each table from the store, labelled from the content, hiding small groups', async () => {
    const store = await seeded();
    const filter = { from: '2026-W47', to: '2026-W49' };
    const topic = await trendTable(store, filter, 'topic', 10, labels);
    expect(topic.rows.map((r) => [r.key, r.cell.state])).toEqual([
      ['health_care', 'shown'],
      ['~fallback', 'complementary'],
      ['pension_portability_return', 'suppressed'],
    ]);
    expect(topic.rows[1]!.label).toContain('Not understood');
    const week = await trendTable(store, filter, 'week', 10, labels);
    expect(week.rows.map((r) => [r.key, r.cell.workers, r.cell.state])).toEqual([
      ['2026-W47', 0, 'suppressed'],
      ['2026-W48', 26, 'shown'],
      ['2026-W49', 2, 'suppressed'],
    ]);
    const corridor = await trendTable(store, filter, 'corridor', 10, labels);
    expect(corridor.rows[0]!.label).toMatch(/→/);
    const es = await trendTable(store, { ...filter, language: 'es' }, 'language', 10, labels);
    expect(es.rows.map((r) => r.key)).toEqual(['es']);
  });

  it('exports a table as CSV without the hidden numbers', async () => {
    const store = await seeded();
    const view: TrendTableView = await trendTable(
      store,
      { from: '2026-W48', to: '2026-W48' },
      'topic',
      10,
      labels,
    );
    const csv = tableCsv(view);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Topic,code,questions,distinct workers,note');
    expect(lines.find((l) => l.includes('pension_portability_return'))).toContain(',<10,<10,');
    const protectedLine = lines.find((l) => l.includes('~fallback'))!;
    expect(protectedLine).toMatch(/,~fallback,,,hidden/);
    expect(protectedLine).not.toContain('11');
    expect(lines.at(-1)).toBe('Total of the rows shown,,12,,');
  });

  it('checks TRENDS_MIN_COUNT and names it when it is wrong', () => {
    expect(loadEnv({}).TRENDS_MIN_COUNT).toBe(10);
    expect(loadEnv({ TRENDS_MIN_COUNT: '25' }).TRENDS_MIN_COUNT).toBe(25);
    expect(() => loadEnv({ TRENDS_MIN_COUNT: '1' })).toThrow(/TRENDS_MIN_COUNT/);
    expect(() => loadEnv({ TRENDS_MIN_COUNT: 'ten' })).toThrow(/TRENDS_MIN_COUNT/);
  });
});

describe('charts', () => {
  it('draws bars with a title, a description and the numbers as text; hidden rows say why', () => {
    const svg = barChart({
      id: 'c1',
      title: 'Questions by topic',
      desc: '2 topics',
      rows: [
        { label: 'Health <care>', value: 40 },
        { label: 'Pensions', note: 'fewer than 10' },
      ],
    });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">Questions by topic</title>');
    expect(svg).toContain('Health &lt;care&gt;');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(svg).toContain('>40</text>');
    expect(svg).toContain('fewer than 10');
    expect(svg).not.toMatch(/<script|\sstyle=|href=/);
  });

  it('draws weeks as a line broken at hidden weeks', () => {
    const svg = lineChart({
      id: 'w',
      title: 'By week',
      desc: 'weeks',
      points: [
        { label: '2026-W45', value: 12 },
        { label: '2026-W46', value: 15 },
        { label: '2026-W47' },
        { label: '2026-W48', value: 20 },
        { label: '2026-W49', value: 22 },
      ],
    });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg).toContain('W47: hidden'.replace('W47', '2026-W47'));
  });
});

describe('knowledge health', () => {
  it('buckets review ages up to the maximum and past it', () => {
    expect(ageBuckets(730).map((b) => b.label)).toEqual([
      'up to 90 days',
      '91–180 days',
      '181–365 days',
      '366–730 days',
      'over 730 days (past the limit)',
    ]);
    expect(ageBuckets(120).map((b) => b.upTo)).toEqual([90, 120, Infinity]);
  });

  it('finds stale entries and translations older than their English text, with file and line', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mrb-health-'));
    dirs.push(root);
    await cp(FIXTURE_CONTENT, root, { recursive: true });
    const file = path.join(root, 'knowledge', 'topics.yaml');
    const text = await readFile(file, 'utf8');
    await writeFile(
      file,
      text
        .replace(
          /(- id: t-health\n(?:.*\n)*?\s+reviewed: )2026-11-22/,
          '$12023-01-15\n    text_reviewed: { en: 2023-01-15, es: 2022-06-01 }',
        )
        .replace(
          /(- id: t-bot\n(?:.*\n)*?\s+reviewed: 2026-11-22)/,
          '$1\n    text_reviewed: { es: 2026-11-25 }',
        ),
    );
    const { content, errors } = await loadContent(root);
    expect(errors).toEqual([]);
    const h = await knowledgeHealth(content, root, 730, new Date('2026-12-01T00:00:00Z'));
    expect(h.stale.map((e) => [e.id, e.file, e.ageDays > 730])).toEqual([
      ['t-health', 'knowledge/topics.yaml', true],
    ]);
    const lines = text.split('\n');
    expect(lines[h.stale[0]!.line! - 1]).toContain('id: t-health');
    const es = h.languages.find((l) => l.language === 'es')!;
    expect(es.stale.map((s) => [s.id, s.translated, s.english])).toEqual([
      ['t-health', '2022-06-01', '2023-01-15'],
    ]);
    expect(es.current).toBeGreaterThanOrEqual(1); // t-bot, dated after its English
    expect(es.undated).toBe(es.texts - es.current - es.stale.length);
    expect(h.byAge.get('topic')?.get('stale')).toBe(1);
    const tiers = [...h.byTier.values()].flatMap((m) => [...m.keys()]);
    expect(tiers).toContain('page');
    expect(tiers).toContain('project');
  });

  it('classes entries by their strongest source and finds their translated texts', async () => {
    const { content } = await loadContent(FIXTURE_CONTENT);
    const bot = content.kb.byId.get('t-bot')!;
    expect(tierOf(bot)).toBe('project');
    expect([...translatedLanguages(content.kb.byId.get('t-health')!)]).toEqual(['es']);
    for (const e of content.kb.hotlines)
      expect(['official', 'ngo', 'secondary']).toContain(tierOf({ ...e, kind: 'hotline' }));
  });
});
