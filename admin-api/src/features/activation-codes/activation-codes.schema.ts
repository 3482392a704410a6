import { z } from 'zod';
import { isoDate, wire } from '../../lib/validation.ts';
import { CODE_ALPHABET } from './activation-codes.code.ts';

/**
 * Where the code is handed over: an active desk location (GET /desk-locations/active), for the
 * weekly report per location. Left out, the code counts as "not recorded".
 */
const locationId = z
  .number({ error: 'must be the id of a desk location' })
  .int('must be the id of a desk location')
  .positive('must be the id of a desk location')
  .max(Number.MAX_SAFE_INTEGER, 'must be the id of a desk location');

export const issueCodeBody = z.strictObject({ location_id: locationId.optional() });

/** The portal's redemption request. Usernames: what the portal itself allows, checked again here. */
export const redemptionBody = z.strictObject({
  code: z.string({ error: 'is required' }).max(40, 'is too long: at most 40 characters'),
  dateOfBirth: isoDate,
  username: z
    .string({ error: 'is required' })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/, 'must be 3 to 64 letters, digits, dot, dash, underscore or @, starting with a letter or digit'),
});

/** Most codes one batch issues: a morning's letters, not a mailing to every patient. */
export const MAX_BATCH = 200;

export const batchIssueBody = z
  .strictObject({
    patient_ids: z.array(z.number().int().positive()).max(MAX_BATCH, `at most ${MAX_BATCH} patients a batch`).optional(),
    mrns: z.array(z.string().trim().min(1).max(32)).max(MAX_BATCH, `at most ${MAX_BATCH} MRNs a batch`).optional(),
    location_id: locationId.optional(),
    /** Replace live codes too; without it, a patient with a live code is refused (live_code) so staff confirm first. */
    replace_live: z.boolean().optional(),
  })
  .refine((body) => (body.patient_ids?.length ?? 0) + (body.mrns?.length ?? 0) > 0, { message: 'name at least one patient', path: ['patient_ids'] })
  .refine((body) => (body.patient_ids?.length ?? 0) + (body.mrns?.length ?? 0) <= MAX_BATCH, {
    message: `at most ${MAX_BATCH} patients a batch`,
    path: ['patient_ids'],
  });

export const reportQuery = z.strictObject({
  weeks: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(104, 'must be at most 104').default(12),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});

/** Why a patient cannot get an activation code: the 409's code, and the refusal's in a batch. */
export const INELIGIBLE_REASONS = ['patient_deceased', 'patient_too_young', 'account_exists', 'account_deactivated'] as const;

/** Why a redemption failed; the portal only ever hears "refused", staff see this. */
export const REDEMPTION_FAILURES = [
  'malformed',
  'unknown_code',
  'expired',
  'redeemed',
  'revoked',
  'locked',
  'device_locked_out',
  'account_exists',
  'wrong_verifier',
  'wrong_birth_date',
] as const;

/** The reason a failed redemption's audit row keeps: a refusal, or a username someone else has. */
export const redemptionFailureReason = z.enum([...REDEMPTION_FAILURES, 'username_taken']);

const codeCharacter = `[${CODE_ALPHABET}]`;

/** A code as issued: answered this once, never stored or shown again. */
export const issuedCodeRecord = z.strictObject({
  id: wire.id,
  code: z
    .string()
    .regex(new RegExp(`^${codeCharacter}{5}-${codeCharacter}{5}-${codeCharacter}{5}$`))
    .meta({ description: 'As printed on the letter; only a hash of it is kept, so it is never shown again' }),
  expires_at: wire.instant,
  revoked_earlier: z.number().int().meta({ description: "The patient's earlier live codes this one revoked" }),
  patient: z.strictObject({ id: wire.id, family_name: z.string(), given_name: z.string() }),
});

/** The portal's redemption created this active account; the MRN links it to the patient's record in the EHR. */
export const redeemedAccount = z.strictObject({
  account: z.strictObject({ id: wire.id, username: z.string(), status: z.literal('active'), mrn: z.string() }),
});

/** A batch's answer: the codes issued (each once, with the patient's MRN) and the patients refused, with why. */
export const batchIssueResult = z.strictObject({
  issued: z.array(issuedCodeRecord.extend({ mrn: z.string() })),
  refused: z.array(
    z.strictObject({
      mrn: z.string().nullable(),
      patient_id: wire.id.nullable().meta({ description: 'Null for an MRN no patient has' }),
      code: z
        .enum([...INELIGIBLE_REASONS, 'live_code', 'unknown_mrn', 'not_found'])
        .meta({ description: 'not_found: no patient has this id; live_code: a live code would be replaced, send again with replace_live' }),
      message: z.string(),
    }),
  ),
});

/** One week and location of the weekly report: counts only, no patient. */
export const weeklyActivationRow = z.strictObject({
  week: wire.date.meta({ description: "Monday of the week the codes were issued, in the organization's time zone" }),
  location_id: wire.id.nullable().meta({ description: 'The desk location the codes were handed over at; null when not recorded' }),
  location: z.string().meta({ description: "That location's name today, retired ones too; '' when not recorded" }),
  issued: z.number().int(),
  redeemed: z.number().int().meta({ description: "Of that week's codes, redeemed by now" }),
  expired: z.number().int().meta({ description: "Of that week's codes, expired unused (not revoked)" }),
  redemption_rate: z.number().min(0).max(1).nullable().meta({ description: 'Redeemed of issued, 0 to 1; null when nothing was issued' }),
});
