import { describe, expect, it } from 'vitest';
import { dueAfterBusinessDays, federalHolidays } from './business-days.ts';

describe('federalHolidays', () => {
  it('when listing 2026, then the eleven holidays fall as observed', () => {
    expect(federalHolidays(2026)).toEqual([
      '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03',
      '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
    ]);
  });
});

describe('dueAfterBusinessDays', () => {
  it('when reported on a Wednesday with 1 business day, then due Thursday 16:00 in New York', () => {
    expect(dueAfterBusinessDays(new Date('2026-11-18T15:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-11-19T21:00:00.000Z');
  });

  it('when the next day is Thanksgiving and then a weekend follows Friday, then those days do not count', () => {
    // Wednesday 25 November 2026; Thursday 26 is Thanksgiving.
    expect(dueAfterBusinessDays(new Date('2026-11-25T15:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-11-27T21:00:00.000Z');
    expect(dueAfterBusinessDays(new Date('2026-11-25T15:00:00Z'), 2, 'America/New_York').toISOString()).toBe('2026-11-30T21:00:00.000Z');
  });

  it('when late evening in New York is already the next day in UTC, then the organization’s date counts', () => {
    // 01:30 UTC on Saturday 21 November is still Friday 20 November in New York.
    expect(dueAfterBusinessDays(new Date('2026-11-21T01:30:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-11-23T21:00:00.000Z');
  });

  it('when daylight saving time is in force, then 16:00 is 20:00 UTC', () => {
    expect(dueAfterBusinessDays(new Date('2026-07-06T15:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2026-07-07T20:00:00.000Z');
  });
});
