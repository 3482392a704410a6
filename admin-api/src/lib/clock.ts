/** The current time, injected so tests can move it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Building a DateTimeFormat costs far more than using one, and a search formats every row. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now: Date): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(now);
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as ISO 8601 in `timeZone`'s wall-clock time with that moment's offset, e.g.
 * 2026-12-01T09:05:00-05:00: what an export read by people in the organization should carry.
 */
export function isoInZone(instant: Date, timeZone: string): string {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(instant).map(({ type, value }) => [type, value]));
  const wall = `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}`;
  const offsetMinutes = Math.round((Date.parse(`${wall}Z`) - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${wall}${sign}${hours}:${minutes}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Age in whole years on `today` (both YYYY-MM-DD). Someone born on 29 February has their
 * birthday on 1 March in common years, as most US state laws count it.
 */
export function ageOn(dateOfBirth: string, today: string): number {
  const [birthYear, birthMonth, birthDay] = dateOfBirth.split('-').map(Number);
  const [year, month, day] = today.split('-').map(Number);
  let [bMonth, bDay] = [birthMonth, birthDay];
  if (bMonth === 2 && bDay === 29 && !isLeapYear(year)) [bMonth, bDay] = [3, 1];
  const hadBirthday = month > bMonth || (month === bMonth && day >= bDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
