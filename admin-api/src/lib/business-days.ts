import Holidays from 'date-holidays';
import { todayIn } from './clock.ts';

/** A calendar date as YYYY-MM-DD. */
type IsoDate = string;

/**
 * The business calendar (DOMAIN: Monday-Friday, 08:00-16:00 organization time, holidays from an
 * editable list). Every due date in the product is computed over one of these.
 */
export interface BusinessCalendar {
  timeZone: string;
  /** When a business day opens and closes, as HH:MM organization time. */
  opens: string;
  closes: string;
  /** Days that are not business days although they fall on a weekday. */
  holidays: ReadonlySet<IsoDate>;
}

/** Weekday of a calendar date, 0 = Sunday. */
const weekday = (date: IsoDate) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** The calendar date `days` after `date` (before it when negative), whatever the time zone. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const isWeekend = (date: IsoDate) => weekday(date) === 0 || weekday(date) === 6;

function isBusinessDay(date: IsoDate, calendar: BusinessCalendar): boolean {
  return !isWeekend(date) && !calendar.holidays.has(date);
}

function nextBusinessDay(date: IsoDate, calendar: BusinessCalendar): IsoDate {
  let next = addDays(date, 1);
  while (!isBusinessDay(next, calendar)) next = addDays(next, 1);
  return next;
}

/** Building a DateTimeFormat costs far more than using one. */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and minute of the day of `instant` in `timeZone`. */
function wallClock(instant: Date, timeZone: string): { date: IsoDate; minute: number } {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    wallClocks.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { date: todayIn(timeZone, instant), minute: part('hour') * 60 + part('minute') };
}

/** The UTC instant of wall-clock `minute` (of the day) on `date` in `timeZone`. */
function instantAt(date: IsoDate, minute: number, timeZone: string): Date {
  const wanted = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  let guess = wanted;
  // Two corrections settle the zone's offset, daylight-saving changes included.
  for (let i = 0; i < 2; i += 1) {
    const shown = wallClock(new Date(guess), timeZone);
    guess += wanted - (Date.parse(`${shown.date}T00:00:00Z`) + shown.minute * 60_000);
  }
  return new Date(guess);
}

/** The instant a calendar day starts in `timeZone`: "until March 3" means released as March 3 begins there. */
export const startOfDayIn = (date: IsoDate, timeZone: string): Date => instantAt(date, 0, timeZone);

/**
 * When a thing valid for `days` calendar days from `now` stops: midnight in `timeZone` at the end
 * of the last day, so "use it by January 15" holds all of January 15 wherever the server runs.
 */
export function endOfDayAfter(now: Date, days: number, timeZone: string): Date {
  return instantAt(addDays(todayIn(timeZone, now), days + 1), 0, timeZone);
}

/** Where the business clock stands at `instant`: that moment, or the next opening when the business is closed. */
function clockStart(instant: Date, calendar: BusinessCalendar): { date: IsoDate; minute: number } {
  const opens = minutesOf(calendar.opens);
  const closes = minutesOf(calendar.closes);
  const { date, minute } = wallClock(instant, calendar.timeZone);
  if (!isBusinessDay(date, calendar) || minute >= closes) return { date: nextBusinessDay(date, calendar), minute: opens };
  return { date, minute: Math.max(minute, opens) };
}

/** Minutes of business time in one business day. */
export const businessDayMinutes = (calendar: BusinessCalendar) => minutesOf(calendar.closes) - minutesOf(calendar.opens);

/**
 * The instant `businessMinutes` of working time after `from`. Time counts only while the
 * business is open (weekdays that are not holidays, between `opens` and `closes`); from a moment
 * when it is closed, counting starts at the next opening.
 */
export function afterBusinessMinutes(from: Date, businessMinutes: number, calendar: BusinessCalendar): Date {
  const closes = minutesOf(calendar.closes);
  let { date, minute } = clockStart(from, calendar);
  let remaining = businessMinutes;
  while (remaining > closes - minute) {
    remaining -= closes - minute;
    date = nextBusinessDay(date, calendar);
    minute = minutesOf(calendar.opens);
  }
  return instantAt(date, minute + remaining, calendar.timeZone);
}

/**
 * Business minutes between two instants (0 when `to` is not after `from`): how much of a
 * deadline's working time has been spent, for a clock that pauses (a request waiting on the
 * requester) and resumes later with what is left.
 */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const closes = minutesOf(calendar.closes);
  const start = clockStart(from, calendar);
  const end = clockStart(to, calendar);
  if (start.date > end.date || (start.date === end.date && start.minute >= end.minute)) return 0;
  let total = 0;
  let { date, minute } = start;
  while (date < end.date) {
    total += closes - minute;
    date = nextBusinessDay(date, calendar);
    minute = minutesOf(calendar.opens);
  }
  return total + end.minute - minute;
}

/**
 * When something received at `receivedAt` is due: `businessDays` whole business days of working
 * time later. Something received on Wednesday at 10:00 with one business day is due on Thursday
 * at 10:00; received after closing, on a weekend or a holiday, it is taken as received at the
 * next opening.
 */
export function dueAfterBusinessDays(receivedAt: Date, businessDays: number, calendar: BusinessCalendar): Date {
  return afterBusinessMinutes(receivedAt, businessDays * businessDayMinutes(calendar), calendar);
}

/**
 * The US federal holidays of `year` that close a weekday, as observed (5 U.S.C. 6103: one on a
 * Saturday is observed on the Friday before, one on a Sunday on the Monday after), from the
 * date-holidays library. The observed day of New Year's Day can fall in the year before.
 */
export function federalHolidays(year: number): { date: IsoDate; name: string }[] {
  return new Holidays('US')
    .getHolidays(year)
    .filter((holiday) => holiday.type === 'public')
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name.replace(/\s*\(substitute day\)$/, ' (observed)') }))
    .filter((holiday) => !isWeekend(holiday.date));
}
