import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import type { Settings } from '../../lib/settings.ts';
import { wire } from '../../lib/validation.ts';
import { canonicalLanguageTag } from '../demographics/value-sets.ts';

/** `unit` is plural ("minutes"); a bound of 1 reads "1 minute". */
const whole = (min: number, max: number, unit: string) => {
  const count = (n: number) => `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`;
  return z
    .number({ error: `must be a number of ${unit}` })
    .int(`must be a whole number of ${unit}`)
    .min(min, `must be at least ${count(min)}`)
    .max(max, `must be at most ${count(max)}`);
};

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'is not an IANA time zone such as America/New_York');

const clockTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM, e.g. 08:00');

/** What each setting may hold; a key missing here cannot be changed through the API. */
export const SETTING_VALUES: { [K in keyof Settings]: z.ZodType<Settings[K]> } = {
  'organization.name': z.string().trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  'organization.time_zone': timeZone,
  'portal.name': z.string().trim().min(1, 'is required').max(60, 'is too long: at most 60 characters'),
  'session.idle_minutes': whole(1, 60, 'minutes'),
  'session.absolute_hours': whole(1, 24, 'hours'),
  'session.idle_warning_seconds': whole(10, 600, 'seconds'),
  'sign_in.max_failures': whole(3, 50, 'failures'),
  'sign_in.slowdown_after_failures': whole(1, 50, 'failures'),
  'sign_in.block_minutes': whole(1, 1440, 'minutes'),
  'password.min_length': whole(12, 64, 'characters'),
  'password_reset.link_hours': whole(1, 168, 'hours'),
  'patients.search_count_cap': whole(100, 100_000, 'rows'),
  'portal.address': z.url({ protocol: /^https$/, error: 'must be an https:// address' }).max(200, 'is too long: at most 200 characters'),
  'support.phone': z
    .string()
    .trim()
    .regex(/^\d{3}-\d{3}-\d{4}$/, 'must look like 860-972-4993'),
  'support.hours': z.string().trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  'activation.min_age': whole(13, 18, 'years'),
  'activation.code_days': whole(1, 90, 'days'),
  'activation.max_failed_attempts': whole(3, 20, 'attempts'),
  'identity_checks.due_business_days': whole(1, 10, 'business days'),
  'proxy.minor_due_business_days': whole(1, 30, 'business days'),
  'proxy.adult_due_business_days': whole(1, 30, 'business days'),
  'demographics.review_due_business_days': whole(1, 30, 'business days'),
  'results.harm_review_max_days': whole(1, 30, 'days'),
  'demographics.supported_languages': z
    .string()
    .trim()
    .max(1000, 'is too long: at most 1,000 characters')
    .transform((list) => list.split(/[\s,]+/).filter(Boolean))
    .refine((tags) => tags.length > 0, 'must name at least one language')
    .refine((tags) => tags.every((tag) => canonicalLanguageTag(tag)), 'must be BCP 47 language tags separated by commas, e.g. en, es, ht')
    .transform((tags) => [...new Set(tags.map((tag) => canonicalLanguageTag(tag)!))].join(', ')),
  'business_day.opens': clockTime,
  'business_day.closes': clockTime,
};

export const settingKey = z.enum(Object.keys(SETTING_VALUES) as [keyof Settings, ...(keyof Settings)[]], { error: 'is not a known setting' });

export const updateSettingBody = z.object({
  value: z.unknown(),
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});

export const settingFilter = z.strictObject({ q: z.string().trim().max(100).optional(), id: z.array(z.string()).max(100).optional() });

export const settingList: ListSpec<typeof settingFilter> = {
  sortable: ['id'],
  defaultSort: ['id', 'ASC'],
  filter: settingFilter,
};

/** A setting with its current value and who changed it last. */
export const settingRecord = z.strictObject({
  id: settingKey.meta({ description: "The setting's key, e.g. session.idle_minutes" }),
  value: z.union([z.string(), z.number().int()]).meta({ description: 'Text or a whole number, as the setting takes' }),
  description: z.string(),
  updated_at: wire.instant,
  updated_by_username: z.string().nullable().meta({ description: 'Null while it keeps its default' }),
  version: z.number().int().positive().meta({ description: 'Send it back with a change: a newer one on the server answers 409' }),
});
