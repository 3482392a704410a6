import { describe, expect, it } from 'vitest';
import { afterBusinessMinutes, businessMinutesBetween, dueAfterBusinessDays, federalHolidays, type BusinessCalendar } from './business-days.ts';

/** New York business hours, with the federal holidays the API seeds for these years. */
const calendar: BusinessCalendar = {
  timeZone: 'America/New_York',
  opens: '08:00',
  closes: '16:00',
  holidays: new Set([2026, 2027, 2028].flatMap((year) => federalHolidays(year).map((holiday) => holiday.date))),
};

const due = (receivedAt: string, days: number, on = calendar) => dueAfterBusinessDays(new Date(receivedAt), days, on).toISOString();

describe('federalHolidays', () => {
  it('when listing 2026, then the eleven holidays fall as observed, Independence Day on Friday 3 July', () => {
    expect(federalHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
      { date: '2026-02-16', name: "Washington's Birthday" },
      { date: '2026-05-25', name: 'Memorial Day' },
      { date: '2026-06-19', name: 'Juneteenth' },
      { date: '2026-07-03', name: 'Independence Day (observed)' },
      { date: '2026-09-07', name: 'Labor Day' },
      { date: '2026-10-12', name: 'Columbus Day' },
      { date: '2026-11-11', name: 'Veterans Day' },
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ]);
  });

  it("when New Year's Day 2028 falls on a Saturday, then it is observed on Friday 31 December 2027", () => {
    expect(federalHolidays(2027)).toContainEqual({ date: '2027-12-31', name: "New Year's Day (observed)" });
    expect(federalHolidays(2028).map((holiday) => holiday.date)).not.toContain('2028-01-01');
  });
});

describe('dueAfterBusinessDays', () => {
  it('when received on a Wednesday at 10:00 with one business day, then due on Thursday at 10:00', () => {
    expect(due('2026-11-18T15:00:00Z', 1)).toBe('2026-11-19T15:00:00.000Z');
  });

  it('when received after closing, then the clock starts at the next opening', () => {
    // Wednesday 18 November 2026, 17:30 in New York: counts from Thursday 08:00.
    expect(due('2026-11-18T22:30:00Z', 1)).toBe('2026-11-19T21:00:00.000Z');
    // Before opening: from 08:00 that same day.
    expect(due('2026-11-18T11:00:00Z', 1)).toBe('2026-11-18T21:00:00.000Z');
  });

  it('when the time runs over a weekend, then Saturday and Sunday do not count', () => {
    // Friday 20 November 2026, 14:00: two hours left on Friday, six on Monday.
    expect(due('2026-11-20T19:00:00Z', 1)).toBe('2026-11-23T19:00:00.000Z');
    // Received on a Saturday: from Monday 08:00.
    expect(due('2026-11-21T15:00:00Z', 1)).toBe('2026-11-23T21:00:00.000Z');
  });

  it('when a holiday falls in between, then it does not count (Thanksgiving 2026)', () => {
    // Wednesday 25 November, 10:00; Thursday 26 is Thanksgiving.
    expect(due('2026-11-25T15:00:00Z', 1)).toBe('2026-11-27T15:00:00.000Z');
    expect(due('2026-11-25T15:00:00Z', 2)).toBe('2026-11-30T15:00:00.000Z');
  });

  it('when a holiday falls on a Saturday, then the Friday before is observed and does not count', () => {
    // Thursday 2 July 2026, 10:00; Friday 3 July is Independence Day observed.
    expect(due('2026-07-02T14:00:00Z', 1)).toBe('2026-07-06T14:00:00.000Z');
  });

  it("when New Year's Day is observed on 31 December, then that Friday does not count", () => {
    // Thursday 30 December 2027, 10:00: Friday 31 is the observed New Year's Day.
    expect(due('2027-12-30T15:00:00Z', 1)).toBe('2028-01-03T15:00:00.000Z');
  });

  it('when daylight saving time starts over the weekend, then the due time keeps the wall clock', () => {
    // Friday 12 March 2027, 10:00 EST (15:00 UTC); clocks spring forward on Sunday 14 March.
    expect(due('2027-03-12T15:00:00Z', 1)).toBe('2027-03-15T14:00:00.000Z');
  });

  it('when late evening in New York is already the next day in UTC, then the organization’s date counts', () => {
    // 01:30 UTC on Saturday 21 November is still Friday 20:30 in New York, after closing.
    expect(due('2026-11-21T01:30:00Z', 1)).toBe('2026-11-23T21:00:00.000Z');
  });

  it('when an admin adds a holiday or changes the hours, then the due date moves with the calendar', () => {
    const withClosure = { ...calendar, holidays: new Set([...calendar.holidays, '2026-11-19']) };
    expect(due('2026-11-18T15:00:00Z', 1, withClosure)).toBe('2026-11-20T15:00:00.000Z');
    const longerDay = { ...calendar, opens: '07:00', closes: '19:00' };
    expect(due('2026-11-18T15:00:00Z', 1, longerDay)).toBe('2026-11-19T15:00:00.000Z');
    // Wednesday 18:30: half an hour left that day, eleven and a half on Thursday.
    expect(due('2026-11-18T23:30:00Z', 1, longerDay)).toBe('2026-11-19T23:30:00.000Z');
  });
});

describe('a business clock that pauses', () => {
  const spent = (from: string, to: string) => businessMinutesBetween(new Date(from), new Date(to), calendar);

  it('when counting the working time between two moments, then nights, weekends and holidays do not count', () => {
    // Wednesday 18 November 2026, 10:00 to 15:30 New York time.
    expect(spent('2026-11-18T15:00:00Z', '2026-11-18T20:30:00Z')).toBe(330);
    // Friday 20 November 15:30 to Monday 23 November 09:00: half an hour on Friday, an hour on Monday.
    expect(spent('2026-11-20T20:30:00Z', '2026-11-23T14:00:00Z')).toBe(90);
    // Wednesday 25 November 10:00 to Friday 27 November 10:00 across Thanksgiving: one business day.
    expect(spent('2026-11-25T15:00:00Z', '2026-11-27T15:00:00Z')).toBe(480);
    // Saturday to Sunday, and a moment before another: nothing.
    expect(spent('2026-11-21T15:00:00Z', '2026-11-22T15:00:00Z')).toBe(0);
    expect(spent('2026-11-20T15:00:00Z', '2026-11-19T15:00:00Z')).toBe(0);
  });

  it('when a request submitted Friday 15:30 with two business days waits a day for the requester, then it is due a business day later than it was', () => {
    const submitted = '2026-11-20T20:30:00Z';
    expect(due(submitted, 2)).toBe('2026-11-24T20:30:00.000Z');
    // Paused Monday at 09:00 (90 minutes spent), resumed Tuesday at 09:00: 870 minutes remain.
    const used = spent(submitted, '2026-11-23T14:00:00Z');
    const resumed = afterBusinessMinutes(new Date('2026-11-24T14:00:00Z'), 2 * 480 - used, calendar);
    expect(resumed.toISOString()).toBe('2026-11-25T20:30:00.000Z');
  });
});
