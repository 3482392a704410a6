import { todayIn } from './clock.ts';

/** A calendar date as YYYY-MM-DD. */
type IsoDate = string;

const iso = (year: number, month: number, day: number): IsoDate =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Weekday of a calendar date, 0 = Sunday. */
const weekday = (date: IsoDate) => new Date(`${date}T12:00:00Z`).getUTCDay();

function addDays(date: IsoDate, days: number): IsoDate {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/** The `nth` (1-based) `day` of the week in a month; nth = -1 for the last one. */
function nthWeekday(year: number, month: number, day: number, nth: number): IsoDate {
  if (nth > 0) {
    const first = weekday(iso(year, month, 1));
    return iso(year, month, 1 + ((day - first + 7) % 7) + (nth - 1) * 7);
  }
  const lastDate = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = weekday(iso(year, month, lastDate));
  return iso(year, month, lastDate - ((last - day + 7) % 7));
}

/** A fixed-date holiday falling on a weekend is observed on the Friday before or the Monday after. */
function observed(date: IsoDate): IsoDate {
  const day = weekday(date);
  return day === 6 ? addDays(date, -1) : day === 0 ? addDays(date, 1) : date;
}

/** The US federal holidays of `year`, as observed (5 U.S.C. 6103). */
export function federalHolidays(year: number): IsoDate[] {
  return [
    observed(iso(year, 1, 1)),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    nthWeekday(year, 5, 1, -1),
    observed(iso(year, 6, 19)),
    observed(iso(year, 7, 4)),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 10, 1, 2),
    observed(iso(year, 11, 11)),
    nthWeekday(year, 11, 4, 4),
    observed(iso(year, 12, 25)),
  ];
}

function isBusinessDay(date: IsoDate): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return false;
  const year = Number(date.slice(0, 4));
  // New Year's Day of next year may be observed on 31 December.
  return !federalHolidays(year).includes(date) && !federalHolidays(year + 1).includes(date);
}

/** The UTC instant of wall-clock `hour`:00 on `date` in `timeZone`. */
function instantAt(date: IsoDate, hour: number, timeZone: string): Date {
  const wanted = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  let guess = wanted;
  // Two corrections settle the zone's offset, daylight-saving changes included.
  for (let i = 0; i < 2; i += 1) {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    }).formatToParts(new Date(guess));
    const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const shown = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
    guess += wanted - shown;
  }
  return new Date(guess);
}

/** The end of the business day: work reported later counts from the next business day. */
export const BUSINESS_DAY_ENDS_AT_HOUR = 16;

/**
 * When something reported at `reportedAt` is due: the end (16:00 organization time) of the
 * `businessDays`-th business day after the day it arrived, skipping weekends and US federal
 * holidays.
 */
export function dueAfterBusinessDays(reportedAt: Date, businessDays: number, timeZone: string): Date {
  let date = todayIn(timeZone, reportedAt);
  let remaining = businessDays;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (isBusinessDay(date)) remaining -= 1;
  }
  return instantAt(date, BUSINESS_DAY_ENDS_AT_HOUR, timeZone);
}
