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
import { DateTime, IANAZone, type Zone } from 'luxon';

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

/** The luxon zone for an IANA name; an unknown name is refused, as the configuration check does. */
function zoneOf(timeZone: string): Zone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid)
    throw new RangeError(`Unknown time zone "${timeZone}" (expected an IANA name such as Europe/Madrid)`);
  return zone;
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
  const here = DateTime.fromJSDate(now, { zone: zoneOf(timeZone) });
  const weekdayOf = (d: DateTime) => d.weekday % 7; // luxon: Monday 1 … Sunday 7; here: Sunday 0
  const minutes = here.hour * 60 + here.minute;
  const today = weekdayOf(here);
  const prevDay = (today + 6) % 7;

  const open = allDay
    ? openDays.has(today)
    : overnight
      ? (openDays.has(today) && minutes >= start) || (openDays.has(prevDay) && minutes < end)
      : openDays.has(today) && minutes >= start && minutes < end;
  if (open) return null;

  for (let k = 0; k <= 7; k++) {
    const day = here.startOf('day').plus({ days: k });
    const weekday = weekdayOf(day);
    if (!openDays.has(weekday)) continue;
    if (k === 0 && (allDay || minutes >= start)) continue;
    // Luxon moves a wall time that a daylight-saving change skips to the first valid instant after it.
    const opens = day.set({ hour: Math.floor(start / 60), minute: start % 60 });
    return {
      opensAt: opens.toJSDate(),
      localDate: day.toISODate()!,
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
  const at = DateTime.fromJSDate(notice.opensAt, { zone: zoneOf(notice.timeZone) });
  let weekday = at.setLocale(locale).toFormat('cccc');
  if (!weekday || /^\d/.test(weekday)) weekday = at.setLocale('en').toFormat('cccc');
  return `${weekday} ${notice.localTime} (${notice.timeZone})`;
}
