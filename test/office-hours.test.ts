import { describe, expect, it } from 'vitest';
import { describeOpening, officeHoursNotice } from '../src/core/office-hours.ts';

describe('officeHoursNotice', () => {
  it('is null inside office hours and when nothing is configured', () => {
    // Wednesday 2025-01-15 10:00 in Madrid (UTC+1 in winter) = 09:00Z
    expect(
      officeHoursNotice(new Date('2025-01-15T09:00:00Z'), '09:00-17:00', '1-5', 'Europe/Madrid'),
    ).toBeNull();
    expect(officeHoursNotice(new Date('2025-01-18T03:00:00Z'), undefined, undefined, 'UTC')).toBeNull();
  });

  it('before opening on a working day points to later the same day, in the office time zone', () => {
    // Wednesday 07:30 Madrid = 06:30Z; opens at 09:00 Madrid = 08:00Z
    const n = officeHoursNotice(new Date('2025-01-15T06:30:00Z'), '09:00-17:00', '1-5', 'Europe/Madrid');
    expect(n).not.toBeNull();
    expect(n!.opensAt.toISOString()).toBe('2025-01-15T08:00:00.000Z');
    expect(n!.localDate).toBe('2025-01-15');
    expect(n!.localTime).toBe('09:00');
    expect(n!.sameDay).toBe(true);
  });

  it('after closing on Friday points to Monday morning', () => {
    // Friday 2025-01-17 18:00 Madrid = 17:00Z
    const n = officeHoursNotice(new Date('2025-01-17T17:00:00Z'), '09:00-17:00', '1-5', 'Europe/Madrid');
    expect(n!.opensAt.toISOString()).toBe('2025-01-20T08:00:00.000Z');
    expect(n!.weekday).toBe(1);
    expect(n!.sameDay).toBe(false);
    expect(describeOpening(n!, 'en')).toBe('Monday 09:00 (Europe/Madrid)');
    expect(describeOpening(n!, 'es')).toBe('lunes 09:00 (Europe/Madrid)');
  });

  it('uses the summer offset after a daylight-saving change', () => {
    // Saturday 2025-03-29 12:00Z; Madrid moves to UTC+2 on Sunday 30 March; Monday 09:00 = 07:00Z
    const n = officeHoursNotice(new Date('2025-03-29T12:00:00Z'), '09:00-17:00', '1-5', 'Europe/Madrid');
    expect(n!.opensAt.toISOString()).toBe('2025-03-31T07:00:00.000Z');
  });

  it('the end of the range is closed, the start open', () => {
    expect(
      officeHoursNotice(new Date('2025-01-15T17:00:00Z'), '09:00-17:00', undefined, 'UTC'),
    ).not.toBeNull();
    expect(officeHoursNotice(new Date('2025-01-15T09:00:00Z'), '09:00-17:00', undefined, 'UTC')).toBeNull();
  });

  it('supports ranges past midnight and weekday ranges that wrap', () => {
    // 22:00-06:00 every day: 03:00 is open, 12:00 is closed until 22:00
    expect(officeHoursNotice(new Date('2025-01-15T03:00:00Z'), '22:00-06:00', undefined, 'UTC')).toBeNull();
    const n = officeHoursNotice(new Date('2025-01-15T12:00:00Z'), '22:00-06:00', undefined, 'UTC');
    expect(n!.opensAt.toISOString()).toBe('2025-01-15T22:00:00.000Z');
    // 5-1 = Friday to Monday: Tuesday 2025-01-14 is closed, next opening Friday 17th
    const w = officeHoursNotice(new Date('2025-01-14T10:00:00Z'), '09:00-17:00', '5-1', 'UTC');
    expect(w!.opensAt.toISOString()).toBe('2025-01-17T09:00:00.000Z');
    expect(officeHoursNotice(new Date('2025-01-19T10:00:00Z'), '09:00-17:00', '5-1', 'UTC')).toBeNull();
  });

  it('days without hours mean all day on those days', () => {
    // Saturday, office days 1-5 → Monday 00:00 Asia/Kathmandu (UTC+05:45)
    const n = officeHoursNotice(new Date('2025-01-18T10:00:00Z'), undefined, '1-5', 'Asia/Kathmandu');
    expect(n!.opensAt.toISOString()).toBe('2025-01-19T18:15:00.000Z');
    expect(n!.localTime).toBe('00:00');
  });

  it('rejects a malformed setting or an unknown zone with a clear message', () => {
    expect(() => officeHoursNotice(new Date(), '9-5', undefined, 'UTC')).toThrow(/09:00-17:00/);
    expect(() => officeHoursNotice(new Date(), '09:00-17:00', undefined, 'Mars/Base')).toThrow(/time zone/);
  });

  it('an opening inside a skipped daylight-saving hour moves to the first valid instant after it', () => {
    // Madrid skips 02:00-03:00 on Sunday 2025-03-30; opening at 02:30 that day happens at 03:30 CEST = 01:30Z.
    const n = officeHoursNotice(new Date('2025-03-29T23:00:00Z'), '02:30-10:00', '0-0', 'Europe/Madrid');
    expect(n!.opensAt.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(n!.localDate).toBe('2025-03-30');
  });
});
