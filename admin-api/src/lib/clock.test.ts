import { describe, expect, it } from 'vitest';
import { ageOn, isoInZone, todayIn } from './clock.ts';

describe('ageOn', () => {
  it('when the birthday is today, then the new age counts', () => {
    expect(ageOn('2013-11-25', '2026-11-25')).toBe(13);
  });

  it('when the birthday is tomorrow, then the age is one less', () => {
    expect(ageOn('2013-11-26', '2026-11-25')).toBe(12);
  });

  it('when born on 29 February, then the birthday falls on 1 March in common years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });

  it('when born today, then the age is zero', () => {
    expect(ageOn('2026-11-25', '2026-11-25')).toBe(0);
  });
});

describe('age in the organization’s time zone', () => {
  // 03:30 UTC on 26 November is still 25 November in New York.
  const instant = new Date('2026-11-26T03:30:00Z');

  it('when UTC has passed midnight but New York has not, then the organization’s date decides', () => {
    expect(todayIn('America/New_York', instant)).toBe('2026-11-25');
    expect(ageOn('2013-11-26', todayIn('America/New_York', instant))).toBe(12);
    expect(ageOn('2013-11-26', todayIn('UTC', instant))).toBe(13);
  });
});

describe('instants in the organization’s time zone', () => {
  it('when an instant is written for people, then it carries the wall clock and the offset of that moment, DST included', () => {
    expect(isoInZone(new Date('2026-12-01T14:05:09.500Z'), 'America/New_York')).toBe('2026-12-01T09:05:09-05:00');
    expect(isoInZone(new Date('2026-07-04T03:30:00Z'), 'America/New_York')).toBe('2026-07-03T23:30:00-04:00');
    expect(isoInZone(new Date('2026-12-01T14:05:00Z'), 'Asia/Kolkata')).toBe('2026-12-01T19:35:00+05:30');
    expect(isoInZone(new Date('2026-12-01T14:05:00Z'), 'UTC')).toBe('2026-12-01T14:05:00+00:00');
  });
});
