/**
 * Reading a date the way the desk types it. One reader for every date field of the console:
 * `MM/DD/YYYY`, `M/D/YY`, `YYYY-MM-DD` and digits only (`04071984`, `040784`).
 */

/** What was typed, as understood: nothing, a real calendar date, or why it is not one. */
export type TypedDate = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'invalid'; problem: string };

export interface ReadDateOptions {
  /** A birth date: never in the future, so a two-digit year is the latest year not after today. */
  past?: boolean;
  /** Today as YYYY-MM-DD in the organization's time zone (for two-digit years and the past check). */
  today: string;
}

/** The years the API accepts in any date (admin-api/src/lib/validation.ts). */
const EARLIEST_YEAR = 1800;
const LATEST_YEAR = 2999;

const US_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DIGITS = /^(\d{2})(\d{2})(\d{2}|\d{4})$/;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A two-digit year in the century that puts it nearest before (birth dates) or around today. */
function fullYear(twoDigits: number, { past, today }: ReadDateOptions): number {
  const thisYear = Number(today.slice(0, 4));
  const century = Math.floor(thisYear / 100) * 100;
  const candidate = century + twoDigits;
  if (past) return candidate > thisYear ? candidate - 100 : candidate;
  // Other dates (a report's range, a holiday) are near today: within 50 years either way.
  if (candidate > thisYear + 50) return candidate - 100;
  if (candidate < thisYear - 50) return candidate + 100;
  return candidate;
}

/** Reads `text` as a date; an impossible day (02/30) or a year out of range is invalid, never guessed at. */
export function readTypedDate(text: string, options: ReadDateOptions): TypedDate {
  const typed = text.trim();
  if (!typed) return { kind: 'empty' };
  let year: number;
  let month: number;
  let day: number;
  let yearDigits: number;
  const iso = ISO_DATE.exec(typed);
  const us = US_DATE.exec(typed) ?? DIGITS.exec(typed);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    yearDigits = 4;
  } else if (us) {
    [month, day, year] = [Number(us[1]), Number(us[2]), Number(us[3])];
    yearDigits = us[3].length;
  } else {
    return { kind: 'invalid', problem: 'Type the date as MM/DD/YYYY, for example 04/07/1984.' };
  }
  if (yearDigits === 2) year = fullYear(year, options);
  if (month < 1 || month > 12) return { kind: 'invalid', problem: `There is no month ${month}. Type the date as MM/DD/YYYY.` };
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > lastDay) return { kind: 'invalid', problem: `${monthName(month)} ${year} has no day ${day}.` };
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return { kind: 'invalid', problem: `The year must lie between ${EARLIEST_YEAR} and ${LATEST_YEAR}.` };
  const result = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (options.past && result > options.today) return { kind: 'invalid', problem: 'This date is in the future.' };
  return { kind: 'date', iso: result };
}

function monthName(month: number): string {
  return new Date(Date.UTC(2000, month - 1, 1)).toLocaleDateString('en-US', { month: 'long', timeZone: 'UTC' });
}

/** A calendar date in words, as the field confirms what it understood: "April 7, 1984". */
export function dateInWords(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', dateStyle: 'long' });
}

/** Today's date in `timeZone` as YYYY-MM-DD. */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The instant a wall-clock time (YYYY-MM-DDTHH:MM, as a datetime-local input gives it) is in
 * `timeZone`, as an ISO string.
 */
export function instantOfWallClock(local: string, timeZone: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const wallClock = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at that moment, read twice so a time just after a DST change is right.
  let instant = wallClock - offsetAt(wallClock, timeZone);
  instant = wallClock - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/**
 * The instant a calendar day starts in `timeZone` (midnight there), as an ISO string: what a
 * "from" date means, and the day after an "until" date (the API's upper bound is exclusive).
 */
export const startOfDayIn = (iso: string, timeZone: string): string => instantOfWallClock(`${iso}T00:00`, timeZone);

/** The day after `iso` (YYYY-MM-DD). */
export function nextDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
