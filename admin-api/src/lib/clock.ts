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
