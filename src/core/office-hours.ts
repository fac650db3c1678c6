/**
 * Office hours: when union staff are at their desks, in the staff's own time zone.
 *
 * Outside those hours a worker who asks for a person must be told when to expect an answer
 * instead of waiting in silence. This module is pure (no clock, no I/O): the caller passes `now`.
 *
 * @example
 *   const notice = officeHoursNotice(new Date(), '09:00-17:00', '1-5', 'Europe/Madrid');
 *   if (notice) reply(`Staff answer from ${describeOpening(notice, 'es')}`);
 */

/** When staff are next at their desks; `null` from {@link officeHoursNotice} means they are now. */
export interface OfficeHoursNotice {
  /** The instant office hours next begin. */
  opensAt: Date;
  /** That instant as a wall-clock date in the office time zone, YYYY-MM-DD. */
  localDate: string;
  /** That instant as a wall-clock time in the office time zone, HH:MM. */
  localTime: string;
  /** Weekday in the office time zone, 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** The office time zone (IANA name). */
  timeZone: string;
  /** Whether opening is later on the same office-local day as `now`. */
  sameDay: boolean;
}

const DAY_MS = 86_400_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        weekday: 'short',
      });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}" (expected an IANA name such as Europe/Madrid)`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localParts(instant: number, timeZone: string): LocalParts & { seconds: number; hour: number } {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
    hour,
    minutes: hour * 60 + minute,
    seconds: Number(parts.second),
  };
}

/** Offset of the zone from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function zoneOffset(instant: number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minutes % 60, p.seconds);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given date and time. */
function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  let instant = wall - zoneOffset(wall, timeZone);
  const second = wall - zoneOffset(instant, timeZone);
  if (second !== instant) instant = second;
  return instant;
}

function parseHours(hours: string): { start: number; end: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(hours);
  if (!m) throw new RangeError(`Office hours "${hours}" must look like 09:00-17:00`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

function parseDays(days: string): Set<number> {
  const m = /^([0-6])-([0-6])$/.exec(days);
  if (!m) throw new RangeError(`Office days "${days}" must look like 1-5 (0 = Sunday)`);
  const from = Number(m[1]);
  const to = Number(m[2]);
  const set = new Set<number>();
  for (let d = from; ; d = (d + 1) % 7) {
    set.add(d);
    if (d === to) break;
  }
  return set;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Tells whether staff are at their desks at `now` and, if not, when they will be.
 *
 * @param officeHours `HH:MM-HH:MM` in the office time zone (`OFFICE_HOURS`); a range that ends before it
 *   starts runs past midnight (22:00-06:00); undefined means all day.
 * @param days `D-D` weekdays, 0 = Sunday (`OFFICE_DAYS`); `5-1` wraps (Friday to Monday); undefined means
 *   every day.
 * @param timeZone IANA time zone of the office (`OFFICE_TZ`).
 * @returns `null` when the office is open now (or no hours are configured), otherwise the next opening.
 */
export function officeHoursNotice(
  now: Date,
  officeHours: string | undefined,
  days: string | undefined,
  timeZone: string,
): OfficeHoursNotice | null {
  if (!officeHours && !days) return null;
  const { start, end } = officeHours ? parseHours(officeHours) : { start: 0, end: 0 };
  const openDays = days ? parseDays(days) : new Set([0, 1, 2, 3, 4, 5, 6]);
  const allDay = start === end;
  const overnight = start > end;
  const t = now.getTime();
  const here = localParts(t, timeZone);
  const prevDay = (here.weekday + 6) % 7;

  const open = allDay
    ? openDays.has(here.weekday)
    : overnight
      ? (openDays.has(here.weekday) && here.minutes >= start) || (openDays.has(prevDay) && here.minutes < end)
      : openDays.has(here.weekday) && here.minutes >= start && here.minutes < end;
  if (open) return null;

  for (let k = 0; k <= 7; k++) {
    const weekday = (here.weekday + k) % 7;
    if (!openDays.has(weekday)) continue;
    if (k === 0 && (allDay || here.minutes >= start)) continue;
    // Calendar arithmetic on the local date, independent of the zone's offset.
    const date = new Date(Date.UTC(here.year, here.month - 1, here.day) + k * DAY_MS);
    const y = date.getUTCFullYear();
    const mo = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const instant = zonedInstant(y, mo, d, start, timeZone);
    return {
      opensAt: new Date(instant),
      localDate: `${y}-${pad(mo)}-${pad(d)}`,
      localTime: `${pad(Math.floor(start / 60))}:${pad(start % 60)}`,
      weekday,
      timeZone,
      sameDay: k === 0,
    };
  }
  // Unreachable: a non-empty set of days always has an opening within a week.
  throw new Error('Office days are empty');
}

/**
 * The next opening as words a worker can read, in their language, e.g. "Monday 09:00 (Europe/Madrid)"
 * or "lunes 09:00 (Europe/Madrid)". Falls back to English for a locale Intl does not know.
 */
export function describeOpening(notice: OfficeHoursNotice, locale: string): string {
  let weekday: string;
  try {
    weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: notice.timeZone }).format(
      notice.opensAt,
    );
  } catch {
    weekday = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: notice.timeZone }).format(
      notice.opensAt,
    );
  }
  return `${weekday} ${notice.localTime} (${notice.timeZone})`;
}
