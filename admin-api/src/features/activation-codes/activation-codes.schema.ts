import { z } from 'zod';
import { isoDate } from '../../lib/validation.ts';

export const issueCodeBody = z.strictObject({
  /** Where the code was handed over (a clinic or desk), for the weekly report. */
  location: z.string().trim().min(1).max(100).optional(),
});

/** The portal's redemption request. Usernames: what the portal itself allows, checked again here. */
export const redemptionBody = z.strictObject({
  code: z.string({ error: 'is required' }).max(40, 'is too long'),
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
    location: z.string().trim().min(1).max(100).optional(),
  })
  .refine((body) => (body.patient_ids?.length ?? 0) + (body.mrns?.length ?? 0) > 0, { message: 'name at least one patient', path: ['patient_ids'] })
  .refine((body) => (body.patient_ids?.length ?? 0) + (body.mrns?.length ?? 0) <= MAX_BATCH, {
    message: `at most ${MAX_BATCH} patients a batch`,
    path: ['patient_ids'],
  });

export const reportQuery = z.strictObject({
  weeks: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'at least 1').max(104, 'at most 104').default(12),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});
