import type { Knex } from 'knex';

/**
 * Default settings. Inserted when missing and never overwritten, so an admin's change survives
 * restarts and upgrades.
 */
export const DEFAULT_SETTINGS: { key: string; value: unknown; description: string }[] = [
  { key: 'organization.name', value: 'Hartford HealthCare', description: 'Shown in the console header and on printed pages' },
  { key: 'organization.time_zone', value: 'America/New_York', description: 'IANA time zone for ages, business days and printed dates' },
  { key: 'portal.name', value: 'MyChartPLUS', description: "The patient portal's name" },
  { key: 'session.idle_minutes', value: 15, description: 'Staff sessions end after this many idle minutes' },
  { key: 'session.absolute_hours', value: 12, description: 'Staff sessions end this many hours after sign-in in any case' },
  { key: 'session.idle_warning_seconds', value: 120, description: 'The console warns this many seconds before the idle sign-out' },
  { key: 'sign_in.max_failures', value: 5, description: 'Failed sign-ins from one client for one account before that pair is blocked' },
  { key: 'sign_in.slowdown_after_failures', value: 2, description: 'Failed sign-ins after which each further attempt is slowed down' },
  { key: 'sign_in.block_minutes', value: 15, description: 'How long a blocked account-and-client pair waits' },
  { key: 'password.min_length', value: 12, description: 'Minimum staff password length (NIST SP 800-63B asks for at least 8; 15 without MFA)' },
  { key: 'password_reset.link_hours', value: 24, description: 'How long a one-time password link stays valid' },
  { key: 'patients.search_count_cap', value: 1000, description: 'Patient searches count matches up to this many, then say "more than"' },
  { key: 'portal.address', value: 'https://mychartplus.hhchealth.org', description: 'The portal address printed on activation letters' },
  { key: 'support.phone', value: '860-972-4993', description: 'Portal support phone printed on letters' },
  { key: 'support.hours', value: 'Monday to Friday, 7:30 a.m. to 4:00 p.m.', description: 'Portal support hours printed on letters' },
  { key: 'activation.min_age', value: 13, description: 'Youngest age (in years) at which a patient may get an activation code' },
  { key: 'activation.code_days', value: 45, description: 'Days an activation code stays valid' },
  { key: 'identity_checks.due_business_days', value: 1, description: 'Business days support has to work a failed identity check' },
  {
    key: 'proxy.minor_due_business_days',
    value: 4,
    description: "Business days ROI has to decide a parent's or guardian's request for proxy access to a minor",
  },
  { key: 'proxy.adult_due_business_days', value: 2, description: 'Business days ROI has to decide a request for proxy access to an adult' },
  {
    key: 'demographics.review_due_business_days',
    value: 2,
    description: 'Business days ROI has to review the demographic changes a patient sends from the portal',
  },
  {
    key: 'demographics.supported_languages',
    value: 'en, es, ht, pt, pl, zh, vi, ar, ru, it, fr, ase',
    description: 'The languages the hospital serves patients in, as BCP 47 tags separated by commas; a preferred language must be one of them',
  },
  {
    key: 'results.harm_review_max_days',
    value: 30,
    description: 'Longest time, in days, a clinician may hold a result to prevent harm before the determination must be reviewed (45 CFR 171.201)',
  },
  { key: 'business_day.opens', value: '08:00', description: 'When the business day starts (HH:MM, organization time); due dates count business hours only' },
  { key: 'business_day.closes', value: '16:00', description: 'When the business day ends (HH:MM, organization time)' },
  {
    key: 'activation.max_failed_attempts',
    value: 10,
    description: 'Failed activations after which a device is shut out of a code; wrong birth dates given with the right code after which the code locks',
  },
];

export async function seed(knex: Knex, now: Date): Promise<void> {
  await knex('settings')
    .insert(DEFAULT_SETTINGS.map((s) => ({ ...s, value: JSON.stringify(s.value), updated_at: now })))
    .onConflict('key')
    // An admin's value is never overwritten; the description follows the code.
    .merge(['description']);
}
