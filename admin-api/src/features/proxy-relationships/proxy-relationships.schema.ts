import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';
import { ACCESS_LEVELS, PROXY_KINDS, PROXY_RELATIONSHIPS } from '../proxy-requests/proxy-requests.schema.ts';
import { RESTRICTABLE_CATEGORIES } from './proxy-access.ts';

const hiddenEntry = z.strictObject({
  category: z.enum(RESTRICTABLE_CATEGORIES),
  because: z.enum(['teen_tier', 'limited_access', 'patient_restricted']).meta({
    description: 'teen_tier: the age rules hide it from parents of teenagers; limited_access: approved as limited; patient_restricted: the teenager hid it',
  }),
});

export const relationshipFilter = z.strictObject({
  patient_id: z.number({ error: 'is required: the patient whose proxies to list' }).int().positive(),
});

export const relationshipList: ListSpec<typeof relationshipFilter> = {
  sortable: [],
  defaultSort: ['id', 'DESC'],
  filter: relationshipFilter,
};

/** A relationship as the patient's Proxies panel shows it. */
export const relationshipRecord = z.strictObject({
  id: wire.id,
  side: z.enum(['patient', 'proxy']).meta({ description: 'patient: someone has access to this patient; proxy: this patient has access to someone' }),
  patient_id: wire.id,
  patient_name: z.string(),
  patient_mrn: z.string(),
  proxy_patient_id: wire.id,
  proxy_name: z.string(),
  proxy_username: z.string(),
  relationship: z.enum(PROXY_RELATIONSHIPS),
  kind: z.enum(PROXY_KINDS),
  access_level: z.enum(ACCESS_LEVELS),
  starts_on: wire.date,
  ends_on: wire.date.nullable(),
  since: wire.instant,
  until: wire.date.nullable().meta({ description: 'The last day of access as things stand (end date, or the day before a minor comes of age)' }),
  status: z.enum(['live', 'not_visible', 'ended']),
  sees: z.string().meta({ description: 'What the proxy sees today and why, in words' }),
  hidden: z.array(hiddenEntry),
  ended_at: wire.instant.nullable(),
  end_cause: z.enum(['revoked', 'end_date', 'turned_adult', 'account_deactivated']).nullable(),
  end_reason: z.string().nullable(),
  version: z.number().int(),
});

export const revokeBody = z.strictObject({
  reason: z.string({ error: 'is required' }).trim().min(3, 'needs a few words: at least 3 characters').max(1000, 'is too long: at most 1000 characters'),
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});

/** "Who sees what, and why" for one patient. */
export const whoCanSeeRecord = z.strictObject({
  patient_id: wire.id,
  patient_name: z.string(),
  age: z.number().int(),
  on: wire.date.meta({ description: 'The day this holds for, in the organization’s time zone' }),
  people: z.array(
    z.strictObject({
      who: z.string(),
      username: z.string(),
      through: z.enum(['own_account', 'proxy']),
      relationship_id: wire.id.optional(),
      relationship: z.enum(PROXY_RELATIONSHIPS).optional(),
      sees_anything: z.boolean(),
      hidden: z.array(hiddenEntry).optional(),
      sentence: z.string(),
    }),
  ),
});

/** The birthday worklist. */
export const ageChangeRecord = z.strictObject({
  id: wire.id.meta({ description: "The patient's id" }),
  patient_name: z.string(),
  patient_mrn: z.string(),
  date_of_birth: wire.date,
  on: wire.date.meta({ description: 'The birthday on which the stage changes' }),
  turns: z.number().int(),
  change: z.enum(['teen', 'adult']).meta({ description: 'teen: sensitive categories become hidden from parents; adult: minor proxy access ends' }),
  proxies: z.array(z.strictObject({ relationship_id: wire.id, proxy_name: z.string(), relationship: z.enum(PROXY_RELATIONSHIPS), from_then: z.string() })),
});

export const ageChangeQuery = z.strictObject({
  days: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(366, 'must be at most 366 days')
    .default(30),
});

/** Portal: what a user may see of others now. */
export const proxyAccessQuery = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
});

export const proxyAccessRecord = z.strictObject({
  username: z.string(),
  on: wire.date,
  patients: z.array(
    z.strictObject({
      mrn: z.string(),
      familyName: z.string(),
      givenName: z.string(),
      dateOfBirth: wire.date,
      relationship: z.enum(PROXY_RELATIONSHIPS),
      accessLevel: z.enum(ACCESS_LEVELS),
      stage: z.enum(['child', 'teen']).nullable().meta({ description: "A minor's stage on the age tier; null for an adult patient" }),
      hidden: z.array(hiddenEntry),
      until: wire.date.nullable(),
      why: z.string(),
    }),
  ),
});

/** Portal: a teenager hides more from a parent, or lifts it with an empty list. */
export const restrictionBody = z.strictObject({
  patientUsername: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  proxyUsername: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
  hide: z.union([z.literal('all'), z.array(z.enum(RESTRICTABLE_CATEGORIES, { error: `must be among ${RESTRICTABLE_CATEGORIES.join(', ')}` })).max(20)], {
    error: `must be "all" or a list of categories among ${RESTRICTABLE_CATEGORIES.join(', ')} (an empty list lifts the restriction)`,
  }),
});

export const restrictionResult = z.strictObject({
  relationshipId: wire.id,
  hidesAll: z.boolean(),
  hidden: z.array(hiddenEntry),
  why: z.string(),
});
