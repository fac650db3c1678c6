/**
 * Two console sections (src/console/section.ts):
 *
 * - **Trends** (organisers): questions by topic, corridor, language and week, as server-drawn SVG
 *   charts with their tables, filtered by a GET form (dates, language, corridor), each table also
 *   as CSV. Groups counted from fewer than TRENDS_MIN_COUNT distinct workers are hidden
 *   (src/console/insights/suppress.ts). Nothing a worker wrote is shown: labels come from the content.
 * - **Knowledge health** (editors; organisers may read it): entries by source tier and review age,
 *   entries past KB_MAX_REVIEW_AGE_DAYS, translations dated before their English text, each with
 *   its file, line and id, and a read-only view of the file at that line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Hono } from 'hono';
import type { Content, KnowledgeKind } from '../../kb/loader.ts';
import { LANGUAGE_NAMES, LANGUAGES } from '../../kb/schema.ts';
import { html, raw, table, type Html, type HtmlValue } from '../html.ts';
import type { ConsoleDeps, ConsoleEnv, ConsoleSection } from '../section.ts';
import { barChart, lineChart } from './charts.ts';
import { KIND_NAMES, TIER_NAMES, TIERS, knowledgeHealth } from './health.ts';
import { hiddenText } from './suppress.ts';
import {
  contentLabeller,
  formQuery,
  parseTrendsForm,
  TREND_TABLES,
  tableCsv,
  trendTable,
  type ParsedTrendsForm,
  type TrendTable,
  type TrendTableView,
} from './trends.ts';

const fmt = (n: number) => n.toLocaleString('en-GB');

function countries(content: Content): { iso: string; name: string }[] {
  return content.kb.countries
    .map((c) => ({ iso: c.iso2, name: c.names.en?.[0] ?? c.iso2 }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

function filterForm(p: ParsedTrendsForm, content: Content): Html {
  const { form } = p;
  const select = (name: 'origin' | 'destination', label: string) =>
    html`<label
      >${label}
      <select name="${name}">
        <option value="">Any</option>
        ${countries(content).map(
          (c) =>
            html`<option value="${c.iso}" ${c.iso === form[name] ? raw('selected') : ''}>${c.name}</option>`,
        )}
      </select></label
    >`;
  return html`<form
    method="get"
    action="/console/trends"
    class="stack filters"
    aria-label="Filter the trends"
  >
    <div class="row">
      <label>From <input type="date" name="from" value="${form.from}" /></label>
      <label>To <input type="date" name="to" value="${form.to}" /></label>
    </div>
    <label
      >Language
      <select name="language">
        <option value="">All languages</option>
        ${LANGUAGES.map(
          (l) =>
            html`<option value="${l}" ${l === form.language ? raw('selected') : ''}>
              ${LANGUAGE_NAMES[l]}
            </option>`,
        )}
      </select></label
    >
    <div class="row">
      ${select('origin', 'From country (origin)')} ${select('destination', 'Working in (destination)')}
    </div>
    <button type="submit">Show</button>
  </form>`;
}

function describeFilter(p: ParsedTrendsForm, content: Content): string {
  const name = (iso: string) => content.kb.countryByIso.get(iso)?.names.en?.[0] ?? iso;
  const parts = [`weeks ${p.filter.from} to ${p.filter.to}`];
  if (p.form.language) parts.push(LANGUAGE_NAMES[p.form.language as keyof typeof LANGUAGE_NAMES]);
  if (p.form.origin) parts.push(`from ${name(p.form.origin)}`);
  if (p.form.destination) parts.push(`working in ${name(p.form.destination)}`);
  return parts.join(', ');
}

function trendBlock(view: TrendTableView, p: ParsedTrendsForm, content: Content): Html {
  const min = view.min;
  const shown = view.rows.filter((r) => r.cell.state === 'shown').length;
  const desc = `${view.title}, ${describeFilter(p, content)}: ${shown} of ${view.rows.length} groups shown; groups of fewer than ${min} workers are hidden.`;
  const chart =
    view.by === 'week'
      ? lineChart({
          id: `chart-${view.by}`,
          title: view.title,
          desc,
          points: view.rows.map((r) => ({
            label: r.key,
            value: r.cell.state === 'shown' ? r.cell.messages : undefined,
          })),
        })
      : barChart({
          id: `chart-${view.by}`,
          title: view.title,
          desc,
          rows: view.rows.map((r) => ({
            label: r.label,
            value: r.cell.state === 'shown' ? r.cell.messages : undefined,
            note: hiddenText(r.cell, min),
          })),
        });
  const rows = view.rows.map((r) =>
    r.cell.state === 'shown'
      ? [r.label, fmt(r.cell.messages), fmt(r.cell.workers)]
      : [
          r.label,
          html`<em class="hidden-value">${hiddenText(r.cell, min)}</em>`,
          html`<em>${hiddenText(r.cell, min)}</em>`,
        ],
  );
  if (view.rows.length > 0)
    rows.push([html`<strong>Total of the rows shown</strong>`, fmt(view.shownMessages), '']);
  return html`<section class="trend" id="${view.by}" aria-labelledby="${view.by}-h">
    <h2 id="${view.by}-h">${view.title}</h2>
    ${
      view.rows.length === 0
        ? html`<p class="empty">No questions in this view.</p>`
        : html`<figure class="chart">${raw(chart)}</figure>
            ${table([view.by === 'week' ? 'Week' : 'Group', 'Questions', 'Distinct workers'], rows)}`
    }
    <p>
      <a href="/console/trends/csv/${view.by}?${formQuery(p.form)}" download>Download this table as CSV</a>
    </p>
  </section>`;
}

async function trendViews(
  deps: ConsoleDeps,
  p: ParsedTrendsForm,
  content: Content,
): Promise<TrendTableView[]> {
  const labels = contentLabeller(content);
  const min = deps.env.TRENDS_MIN_COUNT;
  return Promise.all(TREND_TABLES.map((by) => trendTable(deps.store, p.filter, by, min, labels)));
}

const queryOf = (c: { req: { query(): Record<string, string> } }) => c.req.query();

export const trendsSection: ConsoleSection = {
  id: 'trends',
  title: 'Trends',
  roles: ['organiser'],
  mount(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
    app.get('/', async (c) => {
      const ctx = c.get('console');
      const content = deps.live.current().content;
      const p = parseTrendsForm(queryOf(c), deps.now(), new Set(content.kb.countries.map((x) => x.iso2)));
      const views = await trendViews(deps, p, content);
      const min = deps.env.TRENDS_MIN_COUNT;
      return ctx.page(
        'Trends',
        html`<p class="hint">
            What workers asked, counted by week, topic, corridor and language — never what they wrote or who
            they are. A group counted from fewer than ${min} different workers shows “fewer than ${min}”; when
            only one group of a table is that small, the next smallest is hidden too, so it cannot be worked
            out from the totals. Totals add up the rows shown only.
          </p>
          ${p.problems.map((m) => html`<p class="notice">${m}</p>`)} ${filterForm(p, content)}
          <p>Showing ${describeFilter(p, content)}.</p>
          <nav aria-label="Tables on this page">
            <ul class="inline-list">
              ${views.map((v) => html`<li><a href="#${v.by}">${v.title}</a></li>`)}
            </ul>
          </nav>
          ${views.map((v) => trendBlock(v, p, content))}`,
      );
    });
    app.get('/csv/:table', async (c) => {
      const ctx = c.get('console');
      const by = c.req.param('table') as TrendTable;
      if (!TREND_TABLES.includes(by)) return c.text('No such table.', 404);
      const content = deps.live.current().content;
      const p = parseTrendsForm(queryOf(c), deps.now(), new Set(content.kb.countries.map((x) => x.iso2)));
      const view = await trendTable(
        deps.store,
        p.filter,
        by,
        deps.env.TRENDS_MIN_COUNT,
        contentLabeller(content),
      );
      await ctx.audit('trends.export', { table: by, from: p.filter.from, to: p.filter.to });
      return c.body(tableCsv(view), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="trends-${by}-${p.filter.from}-${p.filter.to}.csv"`,
        'cache-control': 'no-store',
      });
    });
  },
};

// ── Knowledge health ────────────────────────────────────────────────────────────────────────────

const SOURCE_PATH = /^(knowledge|intents)\/[A-Za-z0-9._/-]+\.ya?ml$/;

function where(file: string, line: number | undefined): Html {
  const label = line ? `${file}:${line}` : file;
  if (!SOURCE_PATH.test(file)) return html`<span class="mono">${label}</span>`;
  return html`<a
    class="mono"
    href="/console/knowledge-health/source?file=${encodeURIComponent(file)}${line ? `#L${line}` : ''}"
    >${label}</a
  >`;
}

function kindsTable<K extends string>(
  counts: Map<KnowledgeKind, Map<K, number>>,
  columns: readonly { id: K; label: string }[],
): Html {
  const kinds = [...counts.keys()].sort((a, b) => KIND_NAMES[a].localeCompare(KIND_NAMES[b]));
  const used = columns.filter((col) => kinds.some((k) => counts.get(k)?.get(col.id)));
  const rows: HtmlValue[][] = kinds.map((k) => [
    KIND_NAMES[k],
    ...used.map((col) => fmt(counts.get(k)?.get(col.id) ?? 0)),
  ]);
  const totals = used.map((col) => kinds.reduce((n, k) => n + (counts.get(k)?.get(col.id) ?? 0), 0));
  rows.push([html`<strong>All entries</strong>`, ...totals.map(fmt)]);
  return table(['Kind', ...used.map((c) => c.label)], rows);
}

export const knowledgeHealthSection: ConsoleSection = {
  id: 'knowledge-health',
  title: 'Knowledge health',
  roles: ['editor', 'organiser'],
  mount(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
    app.get('/', async (c) => {
      const ctx = c.get('console');
      const content = deps.live.current().content;
      const h = await knowledgeHealth(content, deps.contentRoot, deps.env.KB_MAX_REVIEW_AGE_DAYS, deps.now());
      const staleTranslations = h.languages.reduce((n, l) => n + l.stale.length, 0);
      const undated = h.languages.reduce((n, l) => n + l.undated, 0);
      const ageTotals = h.buckets.map((b) => ({
        label: b.label,
        value: [...h.byAge.values()].reduce((n, m) => n + (m.get(b.id) ?? 0), 0),
      }));
      const staleRows = h.stale.map((e) => [
        KIND_NAMES[e.kind],
        html`<code>${e.id}</code>`,
        where(e.file, e.line),
        e.reviewed,
        fmt(e.ageDays),
      ]);
      const languages = h.languages.filter((l) => l.texts > 0);
      return ctx.page(
        'Knowledge health',
        html`<p class="hint">
            Every knowledge entry by how strong its sources are and how long ago it was reviewed (today is
            ${h.now}; the limit is ${h.maxAgeDays} days, KB_MAX_REVIEW_AGE_DAYS), and translations dated
            before their English text changed.
          </p>
          <ul class="cards">
            <li><span class="n">${fmt(h.entries.length)}</span> entries</li>
            <li><span class="n">${fmt(h.stale.length)}</span> past the review limit</li>
            <li><span class="n">${fmt(staleTranslations)}</span> translations older than their English</li>
            <li><span class="n">${fmt(undated)}</span> translations without a date</li>
          </ul>
          <section aria-labelledby="age-h">
            <h2 id="age-h">Review age</h2>
            <figure class="chart">
              ${raw(
                barChart({
                  id: 'chart-age',
                  title: 'Entries by review age',
                  desc: ageTotals.map((a) => `${a.label}: ${a.value}`).join('; '),
                  rows: ageTotals,
                }),
              )}
            </figure>
            ${kindsTable(
              h.byAge,
              h.buckets.map((b) => ({ id: b.id, label: b.label })),
            )}
          </section>
          <section aria-labelledby="tier-h">
            <h2 id="tier-h">Source tier</h2>
            <p class="hint">
              Help lines and agreement records say how strong each source is; other entries are classed by
              what they cite.
            </p>
            ${kindsTable(
              h.byTier,
              TIERS.map((t) => ({ id: t, label: TIER_NAMES[t] })),
            )}
          </section>
          <section aria-labelledby="stale-h">
            <h2 id="stale-h">Reviewed more than ${h.maxAgeDays} days ago (${fmt(h.stale.length)})</h2>
            ${table(['Kind', 'Id', 'File', 'Reviewed', 'Days ago'], staleRows, 'No entry is past the limit.')}
          </section>
          <section aria-labelledby="tr-h">
            <h2 id="tr-h">Translations older than their English text</h2>
            <p class="hint">
              An entry’s <code>text_reviewed</code> dates say when each language was last checked against the
              English (<code>en</code>: when the English last changed, else the entry’s
              <code>reviewed</code>). Translations without a date count as reviewed with the entry;
              <code>npx tsx scripts/translation-dates.ts</code> reports the dates git history gives.
            </p>
            ${table(
              ['Language', 'Texts', 'Up to date', 'Older than English', 'No date'],
              languages.map((l) => [
                LANGUAGE_NAMES[l.language],
                fmt(l.texts),
                fmt(l.current),
                l.stale.length ? html`<a href="#tr-${l.language}">${fmt(l.stale.length)}</a>` : '0',
                fmt(l.undated),
              ]),
            )}
            ${languages
              .filter((l) => l.stale.length > 0)
              .map(
                (l) =>
                  html`<h3 id="tr-${l.language}">${LANGUAGE_NAMES[l.language]} (${fmt(l.stale.length)})</h3>
                    ${table(
                      ['Kind', 'Id', 'File', 'Translation checked', 'English changed'],
                      l.stale.map((s) => [
                        KIND_NAMES[s.kind],
                        html`<code>${s.id}</code>`,
                        where(s.file, s.line),
                        s.translated,
                        s.english,
                      ]),
                    )}`,
              )}
          </section>`,
      );
    });
    // The content file an entry is in, read-only, with a link target per line.
    app.get('/source', async (c) => {
      const ctx = c.get('console');
      const file = c.req.query('file') ?? '';
      const content = deps.live.current().content;
      const known = new Set(content.origins.values());
      const root = path.resolve(deps.contentRoot);
      const abs = path.resolve(root, file);
      if (!SOURCE_PATH.test(file) || !known.has(file) || !abs.startsWith(root + path.sep))
        return ctx.page('Not found', html`<p class="notice">No such content file.</p>`, { status: 404 });
      const text = await readFile(abs, 'utf8').catch(() => undefined);
      if (text === undefined)
        return ctx.page('Not found', html`<p class="notice">No such content file.</p>`, { status: 404 });
      const lines = text.split('\n');
      return ctx.page(
        file,
        html`<p><a href="/console/knowledge-health">← Knowledge health</a></p>
          <ol class="source mono">
            ${lines.map((l, i) => html`<li id="L${i + 1}">${l || ' '}</li>`)}
          </ol>`,
      );
    });
  },
};

export const INSIGHTS_SECTIONS: readonly ConsoleSection[] = [trendsSection, knowledgeHealthSection];
