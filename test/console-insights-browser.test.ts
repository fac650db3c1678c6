/**
 * The organisers' trends and the knowledge health in a real browser (Debian's Chromium through
 * playwright-core), on a 360 px phone: an organiser signs in, the trends charts render as SVG with
 * bars for the groups above the threshold and "fewer than N" for a small one, a CSV downloads without
 * the hidden numbers; a staff account is refused the trends (403); an editor sees a stale entry and a
 * translation older than its English in the knowledge health, and opens its file at that line.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrendEvent } from '../src/store/port.ts';
import { isoWeek } from '../src/store/trends.ts';
import { FIXTURE_CONTENT } from './helpers/app.ts';
import {
  haveChromium,
  noSidewaysScroll,
  SLOW,
  startBrowserConsole,
  type BrowserConsole,
} from './helpers/console.ts';

const browserOk = haveChromium('console insights browser tests');

describe.skipIf(!browserOk)('console insights in Chromium', { timeout: 120_000 }, () => {
  let c: BrowserConsole;
  let content: string;
  const week = isoWeek(new Date());

  beforeAll(async () => {
    // The fixture content with one topic reviewed long ago and its Spanish text older than its English.
    content = await mkdtemp(path.join(tmpdir(), 'mrb-insights-content-'));
    await cp(FIXTURE_CONTENT, content, { recursive: true });
    const topics = path.join(content, 'knowledge', 'topics.yaml');
    await writeFile(
      topics,
      (await readFile(topics, 'utf8')).replace(
        /(- id: t-health\n(?:.*\n)*?\s+reviewed: )2026-11-22/,
        '$12021-03-01\n    text_reviewed: { en: 2021-03-01, es: 2020-05-01 }',
      ),
    );
    c = await startBrowserConsole({ content });
    const ev = (workerKey: string, extra: Partial<TrendEvent>): TrendEvent => ({
      week,
      outcome: 'answered',
      origin: 'PH',
      destination: 'ES',
      language: 'en',
      channel: 'test',
      workerKey,
      ...extra,
    });
    const store = c.deps.store;
    for (let i = 0; i < 14; i++) await store.recordTrend(ev(`T-health-${i}`, { topic: 'health_care' }));
    for (let i = 0; i < 11; i++)
      await store.recordTrend(ev(`T-pension-${i}`, { topic: 'pension_portability_return', language: 'es' }));
    for (let i = 0; i < 3; i++)
      await store.recordTrend(ev(`T-rare-${i}`, { outcome: 'safety', origin: 'NP' }));
    // A second small group, so neither needs another group hidden to protect it.
    for (let i = 0; i < 4; i++) await store.recordTrend(ev(`T-lost-${i}`, { outcome: 'fallback' }));
  });
  afterAll(async () => {
    await c?.close();
    await rm(content, { recursive: true, force: true });
  });

  it('shows an organiser the trends as SVG charts, with small groups hidden, and a CSV without them', async () => {
    const { page, context } = await c.signedInPage('organiser');
    await page.goto(`${c.url}/console/trends`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Trends', level: 1 }).isVisible(), SLOW)
      .toBe(true);

    const topics = page.locator('section#topic svg[role="img"]');
    await expect.poll(() => topics.count(), SLOW).toBe(1);
    // Health care (14 workers) and pensions (11) are bars; signs of danger (3) and fallbacks (4) are not.
    expect(await topics.locator('rect.bar').count()).toBe(2);
    expect(await topics.locator('title').first().textContent()).toBe('Questions by topic');
    const hidden = await topics.locator('text.hidden-value').allTextContents();
    expect(hidden).toEqual(['fewer than 10', 'fewer than 10']);
    expect(await page.locator('section#topic table').textContent()).toContain('fewer than 10');
    // The week chart is a line with a point for this week (32 questions).
    expect(await page.locator('section#week svg circle.point').count()).toBe(1);
    await noSidewaysScroll(page);

    // Filtering by language: only the Spanish questions.
    await page.locator('select[name="language"]').selectOption('es');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/language=es/, SLOW);
    expect(await page.locator('section#topic rect.bar').count()).toBe(1);

    // The CSV of the topic table (all languages): the small group's numbers are "<10".
    const res = await context.request.get(`${c.url}/console/trends/csv/topic`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    const csv = await res.text();
    expect(csv).toContain('health_care,14,14,');
    expect(csv).toMatch(/~safety,<10,<10,fewer than 10 workers/);
    expect(csv).not.toMatch(/~safety,3/);
    await context.close();
  });

  it('refuses the trends to a staff account (403)', async () => {
    const { page, context } = await c.signedInPage('staff');
    const res = await page.goto(`${c.url}/console/trends`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('svg').count()).toBe(0);
    const csv = await context.request.get(`${c.url}/console/trends/csv/topic`);
    expect(csv.status()).toBe(403);
    await context.close();
  });

  it('lists a stale entry and an old translation for an editor, linked to its file and line', async () => {
    const { page, context } = await c.signedInPage('editor');
    await page.goto(`${c.url}/console/knowledge-health`);
    const stale = page.locator('section[aria-labelledby="stale-h"]');
    await expect.poll(() => stale.locator('td code', { hasText: 't-health' }).count(), SLOW).toBe(1);
    expect(await page.locator('#tr-es + .table-wrap').textContent()).toContain('2020-05-01');
    await noSidewaysScroll(page);
    await stale.getByRole('link', { name: /knowledge\/topics\.yaml:\d+/ }).click();
    await page.waitForURL(/\/source\?file=/, SLOW);
    const line = new URL(page.url()).hash.slice(1);
    expect(await page.locator(`li#${line}`).textContent()).toContain('id: t-health');
    await context.close();
  });
});
