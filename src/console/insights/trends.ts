/**
 * The organisers' trends, as data: the filter read from a GET form, and one table per dimension
 * (topic, corridor, language, week) with every group's label, its numbers or why they are hidden
 * (src/console/insights/suppress.ts), and its CSV. No free text: labels come from the content
 * (intent titles, country names) or are fixed words, never from what a worker wrote.
 */
import type { Content } from '../../kb/loader.ts';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from '../../kb/schema.ts';
import type { Store, TrendCount, TrendDimension, TrendFilter } from '../../store/port.ts';
import { isoWeek, weekStart, weeksBetween } from '../../store/trends.ts';
import { toCsv } from './csv.ts';
import { suppress, type Cell, type SuppressedTable } from './suppress.ts';

export const TREND_TABLES = ['topic', 'corridor', 'language', 'week'] as const;
export type TrendTable = (typeof TREND_TABLES)[number];

export const TABLE_TITLES: Record<TrendTable, string> = {
  topic: 'Questions by topic',
  corridor: 'Questions by corridor (origin → destination)',
  language: 'Questions by language',
  week: 'Questions by week',
};

const DIMENSION_NAMES: Record<TrendTable, string> = {
  topic: 'Topic',
  corridor: 'Corridor',
  language: 'Language',
  week: 'Week',
};

/** How a message that matched no topic ended, in words. */
const OUTCOME_LABELS: Record<string, string> = {
  '~answered': 'Answered (no topic recorded)',
  '~asked': 'Asked back: what the worker wanted to know',
  '~fallback': 'Not understood (the bot fell back)',
  '~out-of-scope': 'Outside social protection',
  '~escalated': 'Sent to union staff',
  '~safety': 'Sign of danger (safeguarding)',
};

/** Weeks shown when the form gives no dates; at most this many weeks in one view. */
export const DEFAULT_WEEKS = 12;
export const MAX_WEEKS = 104;

export interface TrendsForm {
  from: string;
  to: string;
  language: string;
  origin: string;
  destination: string;
}

export interface ParsedTrendsForm {
  form: TrendsForm;
  filter: TrendFilter & { from: string; to: string };
  /** What was wrong with the form (the view uses the defaults instead). */
  problems: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO2 = /^[A-Z]{2}(-[A-Z]{2})?$/;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Reads the GET form (from, to as dates; language; origin, destination as country codes). */
export function parseTrendsForm(
  params: Record<string, string | undefined>,
  now: Date,
  countries: ReadonlySet<string>,
): ParsedTrendsForm {
  const problems: string[] = [];
  const date = (name: 'from' | 'to', fallback: Date): Date => {
    const v = (params[name] ?? '').trim();
    if (!v) return fallback;
    const d = new Date(`${v}T00:00:00Z`);
    if (!DATE.test(v) || Number.isNaN(d.getTime())) {
      problems.push(`“${name === 'from' ? 'From' : 'To'}” is not a date (YYYY-MM-DD); the default is used.`);
      return fallback;
    }
    return d;
  };
  const defaultTo = now;
  const defaultFrom = new Date(weekStart(isoWeek(now)).getTime() - (DEFAULT_WEEKS - 1) * 7 * 86_400_000);
  let fromDate = date('from', defaultFrom);
  let toDate = date('to', defaultTo);
  if (fromDate > toDate) {
    problems.push('“From” is after “To”: the two dates were swapped.');
    [fromDate, toDate] = [toDate, fromDate];
  }
  let from = isoWeek(fromDate);
  const to = isoWeek(toDate);
  if (weeksBetween(from, to, MAX_WEEKS + 1).length > MAX_WEEKS) {
    problems.push(`At most ${MAX_WEEKS} weeks at a time: the view starts ${MAX_WEEKS} weeks before “To”.`);
    from = isoWeek(new Date(weekStart(to).getTime() - (MAX_WEEKS - 1) * 7 * 86_400_000));
    fromDate = weekStart(from);
  }
  const pick = (name: 'language' | 'origin' | 'destination', ok: (v: string) => boolean): string => {
    const v = (params[name] ?? '').trim();
    if (!v) return '';
    if (ok(v)) return v;
    problems.push(`Unknown ${name} “${v.slice(0, 12)}”: not filtered by ${name}.`);
    return '';
  };
  const language = pick('language', (v) => (LANGUAGES as readonly string[]).includes(v));
  const origin = pick('origin', (v) => ISO2.test(v) && countries.has(v));
  const destination = pick('destination', (v) => ISO2.test(v) && countries.has(v));
  return {
    form: { from: day(fromDate), to: day(toDate), language, origin, destination },
    filter: {
      from,
      to,
      ...(language ? { language } : {}),
      ...(origin ? { origin } : {}),
      ...(destination ? { destination } : {}),
    },
    problems,
  };
}

/** The query string of a form (for CSV links and the chart's own links). */
export function formQuery(form: TrendsForm): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) p.set(k, v);
  return p.toString();
}

export interface Labeller {
  label(by: TrendTable, key: string): string;
}

/** Labels from the content: intent titles, country names in English, language names. */
export function contentLabeller(content: Content): Labeller {
  const country = (iso: string) => (iso ? (content.kb.countryByIso.get(iso)?.names.en?.[0] ?? iso) : '?');
  return {
    label(by, key) {
      switch (by) {
        case 'topic': {
          if (key.startsWith('~')) return OUTCOME_LABELS[key] ?? key.slice(1);
          const intent = content.intentById.get(key);
          return intent?.title?.en ?? key.replace(/_/g, ' ');
        }
        case 'corridor': {
          const [origin = '', destination = ''] = key.split('>');
          if (!origin && !destination) return 'Countries not known';
          return `${country(origin)} → ${country(destination)}`;
        }
        case 'language':
          return LANGUAGE_NAMES[key as Language] ?? key;
        case 'week':
          return key;
      }
    },
  };
}

export interface TableRow {
  key: string;
  label: string;
  cell: Cell;
}

export interface TrendTableView extends SuppressedTable {
  by: TrendTable;
  title: string;
  rows: TableRow[];
}

/**
 * One table: the store's counts for the filter, every week of the range (weeks with no message are
 * groups too), suppressed, labelled and sorted (weeks in order, the rest by number of workers).
 */
export async function trendTable(
  store: Pick<Store, 'trendCounts'>,
  filter: TrendFilter & { from: string; to: string },
  by: TrendTable,
  min: number,
  labels: Labeller,
): Promise<TrendTableView> {
  let counts: TrendCount[] = await store.trendCounts(filter, by as TrendDimension);
  if (by === 'week') {
    const byWeek = new Map(counts.map((c) => [c.key, c]));
    counts = weeksBetween(filter.from, filter.to, MAX_WEEKS).map(
      (w) => byWeek.get(w) ?? { key: w, messages: 0, workers: 0 },
    );
  } else {
    // Largest first; the order of hidden groups says nothing more than their place among the shown.
    counts = [...counts].sort(
      (a, b) => b.workers - a.workers || b.messages - a.messages || (a.key < b.key ? -1 : 1),
    );
  }
  const table = suppress(counts, min);
  const rows = table.cells.map((cell) => ({ key: cell.key, label: labels.label(by, cell.key), cell }));
  if (by !== 'week') {
    // Hidden groups last, so a bar's position does not rank them.
    rows.sort((a, b) => Number(a.cell.state !== 'shown') - Number(b.cell.state !== 'shown'));
  }
  return { ...table, by, title: TABLE_TITLES[by], rows };
}

/** A table as CSV: hidden numbers are "<N" (below the threshold) or blank (hidden to protect one). */
export function tableCsv(view: TrendTableView): string {
  const lt = `<${view.min}`;
  const rows = view.rows.map((r) => {
    const { state } = r.cell;
    if (state === 'shown') return [r.label, r.key, r.cell.messages, r.cell.workers, ''];
    if (state === 'suppressed') return [r.label, r.key, lt, lt, `fewer than ${view.min} workers`];
    return [r.label, r.key, '', '', 'hidden so a smaller group cannot be worked out'];
  });
  rows.push(['Total of the rows shown', '', view.shownMessages, '', '']);
  return toCsv([DIMENSION_NAMES[view.by], 'code', 'questions', 'distinct workers', 'note'], rows);
}
