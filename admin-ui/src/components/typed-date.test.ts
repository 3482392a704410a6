import { describe, expect, it } from 'vitest';
import { dateInWords, nextDay, readTypedDate, startOfDayIn } from './typed-date.ts';

const today = '2026-12-01';
const birth = (text: string) => readTypedDate(text, { past: true, today });
const any = (text: string) => readTypedDate(text, { today });

describe('readTypedDate', () => {
  it('when a date is typed the ways the desk types it, then each reads as the same day', () => {
    for (const text of ['04/07/1984', '4/7/1984', '4/7/84', '04071984', '040784', '1984-04-07', '4-7-1984', ' 04/07/1984 ']) {
      expect(birth(text), text).toEqual({ kind: 'date', iso: '1984-04-07' });
    }
    expect(dateInWords('1984-04-07')).toBe('April 7, 1984');
  });

  it('when a birth date has a two-digit year, then it is never in the future', () => {
    expect(birth('4/7/26')).toEqual({ kind: 'date', iso: '2026-04-07' });
    expect(birth('4/7/27')).toEqual({ kind: 'date', iso: '1927-04-07' });
    expect(birth('12/31/26')).toEqual({ kind: 'invalid', problem: 'This date is in the future.' });
    // Other dates (a holiday next year, a report range) stay near today.
    expect(any('7/4/27')).toEqual({ kind: 'date', iso: '2027-07-04' });
    expect(any('7/4/99')).toEqual({ kind: 'date', iso: '1999-07-04' });
  });

  it('when the day cannot exist or the text is no date, then it says why instead of guessing', () => {
    expect(any('02/30/2024')).toEqual({ kind: 'invalid', problem: 'February 2024 has no day 30.' });
    expect(any('02/29/2023')).toEqual({ kind: 'invalid', problem: 'February 2023 has no day 29.' });
    expect(any('02/29/2024')).toEqual({ kind: 'date', iso: '2024-02-29' });
    expect(any('13/01/2024')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('no month 13') });
    expect(any('0407198')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('MM/DD/YYYY') });
    expect(any('April 7')).toMatchObject({ kind: 'invalid' });
    expect(any('04/07/0084')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('between 1800 and 2999') });
    expect(any('   ')).toEqual({ kind: 'empty' });
  });
});

describe('days in the organization time zone', () => {
  it('when a day is turned into the instant it starts, then New York midnight is 05:00 UTC in winter and 04:00 in summer, DST days included', () => {
    expect(startOfDayIn('2026-12-01', 'America/New_York')).toBe('2026-12-01T05:00:00.000Z');
    expect(startOfDayIn('2026-07-04', 'America/New_York')).toBe('2026-07-04T04:00:00.000Z');
    expect(startOfDayIn('2031-03-09', 'America/New_York')).toBe('2031-03-09T05:00:00.000Z');
    expect(startOfDayIn('2031-03-10', 'America/New_York')).toBe('2031-03-10T04:00:00.000Z');
    expect(startOfDayIn('2026-12-01', 'Asia/Kolkata')).toBe('2026-11-30T18:30:00.000Z');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
