import { DateField, useGetIdentity, type DateFieldProps } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider.ts';

const LOCALE = 'en-US';
const DATE_ONLY: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' };

/**
 * Formats a calendar date (`YYYY-MM-DD`) as MM/DD/YYYY. Read as midnight UTC and printed in UTC,
 * so a birth date never shifts a day in time zones west of Greenwich.
 */
export function formatDateOnly(value: string): string {
  return new Date(`${value.slice(0, 10)}T00:00:00Z`).toLocaleDateString(LOCALE, DATE_ONLY);
}

/** A calendar date such as a date of birth, without any time-zone shift. */
export const DateOnlyField = (props: Omit<DateFieldProps, 'options' | 'locales' | 'showTime'>) => <DateField {...props} locales={LOCALE} options={DATE_ONLY} />;

/** The organization's time zone, which every date-time is shown in (browsers may sit elsewhere). */
export function useOrganizationTimeZone(): string | undefined {
  const { identity } = useGetIdentity();
  return (identity as PortalIdentity | undefined)?.organization.timeZone;
}

/**
 * How the console shows an instant: to the minute (seconds are noise where people read), naming
 * the zone so an audit time is never ambiguous: "Dec 1, 2026, 9:05 AM EST".
 */
const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };

/**
 * The last day something is good for, when it stops at `expiresAt` (midnight at the end of that
 * day in the organization's zone): "January 15, 2027".
 */
export function formatLastDay(expiresAt: string, timeZone?: string): string {
  return new Date(new Date(expiresAt).getTime() - 1).toLocaleDateString(LOCALE, { timeZone, dateStyle: 'long' });
}

/** Formats an instant in `timeZone`, to the minute, naming the zone. */
export function formatDateTime(value: string | Date, timeZone?: string): string {
  return new Date(value).toLocaleString(LOCALE, { ...DATE_TIME, timeZone });
}

/** An instant (audit time, sign-in time) in the organization's time zone. */
export const DateTimeField = (props: Omit<DateFieldProps, 'options' | 'locales' | 'showTime' | 'transform'>) => {
  const timeZone = useOrganizationTimeZone();
  return <DateField {...props} showTime locales={LOCALE} options={{ ...DATE_TIME, timeZone }} />;
};
