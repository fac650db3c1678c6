/**
 * Trend events (see TrendEvent in port.ts), shared by the stores: the ISO week of a date, the key
 * an event has in each dimension, the filter, and counting in memory (the in-memory and embedded
 * stores; PostgreSQL counts the same way in SQL, src/store/postgres.ts).
 */
import type { TrendCount, TrendDimension, TrendEvent, TrendFilter, TrendOutcome } from './port.ts';

export const TREND_OUTCOMES: readonly TrendOutcome[] = [
  'answered',
  'asked',
  'fallback',
  'out-of-scope',
  'escalated',
  'safety',
];

export const TREND_DIMENSIONS: readonly TrendDimension[] = [
  'topic',
  'outcome',
  'corridor',
  'language',
  'week',
  'channel',
];

const WEEK = /^(\d{4})-W(\d{2})$/;

/** The ISO 8601 week of a date (UTC), as 2026-W49: weeks start on Monday, week 1 holds a Thursday. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (UTC) an ISO week starts on. */
export function weekStart(week: string): Date {
  const m = WEEK.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86_400_000);
  return new Date(monday.getTime() + (Number(m[2]) - 1) * 7 * 86_400_000);
}

export const isIsoWeek = (s: string) => {
  if (!WEEK.test(s)) return false;
  return isoWeek(weekStart(s)) === s;
};

/** The weeks from `from` to `to` inclusive, in order (at most `max`). */
export function weeksBetween(from: string, to: string, max = 520): string[] {
  const out: string[] = [];
  for (
    let t = weekStart(from).getTime();
    t <= weekStart(to).getTime() && out.length < max;
    t += 7 * 86_400_000
  )
    out.push(isoWeek(new Date(t)));
  return out;
}

/**
 * An event's key in a dimension. Topic: the intent, else `~` and the outcome (a fallback, an
 * escalation…); corridor: `origin>destination`, either side empty when unknown.
 */
export function trendDimensionKey(e: TrendEvent, by: TrendDimension): string {
  switch (by) {
    case 'topic':
      return e.topic ?? `~${e.outcome}`;
    case 'outcome':
      return e.outcome;
    case 'corridor':
      return `${e.origin ?? ''}>${e.destination ?? ''}`;
    case 'language':
      return e.language;
    case 'week':
      return e.week;
    case 'channel':
      return e.channel;
  }
}

export function matchesTrendFilter(e: TrendEvent, f: TrendFilter): boolean {
  return (
    (!f.from || e.week >= f.from) &&
    (!f.to || e.week <= f.to) &&
    (!f.language || e.language === f.language) &&
    (!f.origin || e.origin === f.origin) &&
    (!f.destination || e.destination === f.destination)
  );
}

/** Groups in the order of their keys' code units (the same in every store). */
export const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Counts events (each with a multiplicity) by a dimension: messages, and distinct worker keys. */
export function countTrends(
  events: Iterable<[TrendEvent, number]>,
  filter: TrendFilter,
  by: TrendDimension,
): TrendCount[] {
  const groups = new Map<string, { messages: number; workers: Set<string> }>();
  for (const [e, n] of events) {
    if (!matchesTrendFilter(e, filter)) continue;
    const key = trendDimensionKey(e, by);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { messages: 0, workers: new Set() }));
    g.messages += n;
    g.workers.add(e.workerKey);
  }
  return [...groups].map(([key, g]) => ({ key, messages: g.messages, workers: g.workers.size })).sort(byKey);
}

/** The event's fields in a fixed order, as stored in the embedded store's week files. */
export type TrendTuple = [
  outcome: TrendOutcome,
  topic: string | null,
  origin: string | null,
  destination: string | null,
  language: string,
  channel: string,
  workerKey: string,
];

export const trendTuple = (e: TrendEvent): TrendTuple => [
  e.outcome,
  e.topic ?? null,
  e.origin ?? null,
  e.destination ?? null,
  e.language,
  e.channel,
  e.workerKey,
];

export function trendFromTuple(week: string, t: TrendTuple): TrendEvent {
  return {
    week,
    outcome: t[0],
    ...(t[1] !== null ? { topic: t[1] } : {}),
    ...(t[2] !== null ? { origin: t[2] } : {}),
    ...(t[3] !== null ? { destination: t[3] } : {}),
    language: t[4],
    channel: t[5],
    workerKey: t[6],
  };
}
