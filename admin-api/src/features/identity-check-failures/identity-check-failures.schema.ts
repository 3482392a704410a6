import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { isoDate, wire } from '../../lib/validation.ts';

/** A case waits for support, then is resolved with what was done. */
export const IDENTITY_CHECK_STATUSES = ['open', 'resolved'] as const;

export const identityCheckFilter = z.strictObject({
  status: z.enum(IDENTITY_CHECK_STATUSES, { error: 'must be open or resolved' }).optional(),
  patient_id: z.number().int().positive().optional(),
});
export type IdentityCheckFilter = z.output<typeof identityCheckFilter>;

export const identityCheckList: ListSpec<typeof identityCheckFilter> = {
  sortable: ['reported_at'],
  defaultSort: ['reported_at', 'ASC'],
  filter: identityCheckFilter,
};

/** What the portal reports of a self sign-up whose identity check failed: what the person entered, and why it failed. */
export const identityCheckFailureBody = z.strictObject({
  familyName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
  givenName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
  dateOfBirth: isoDate,
  email: z.email('must be an email address').max(254).optional(),
  phone: z.string().trim().max(32).optional(),
  reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(500),
});

export const resolveBody = z.strictObject({
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
  resolution: z.string({ error: 'is required' }).trim().min(3, 'needs a few words: at least 3 characters').max(1000, 'is too long: at most 1000 characters'),
});

/** A failed self-sign-up identity check: what the person entered in the portal, the patient it matched, and how support resolved it. */
export const identityCheckFailureRecord = z.strictObject({
  id: wire.id,
  reported_at: wire.instant,
  family_name: z.string(),
  given_name: z.string(),
  date_of_birth: wire.date,
  email: z.string().nullable(),
  phone: z.string().nullable(),
  reason: z.string().meta({ description: "The portal's words for why the check failed" }),
  patient_id: wire.id.nullable().meta({ description: 'The patient with this name and birth date, when exactly one has them' }),
  patient_mrn: z.string().nullable(),
  status: z.enum(IDENTITY_CHECK_STATUSES),
  resolved_at: wire.instant.nullable(),
  resolved_by_name: z.string().nullable(),
  resolution: z.string().nullable().meta({ description: 'What support did' }),
  version: z.number().int().meta({ description: 'Send it back when resolving: a change made meanwhile makes it a 409' }),
  due_at: wire.instant.meta({ description: 'When support should have resolved it, in business days after the report' }),
  overdue: z.boolean().meta({ description: 'Open and past its due time' }),
});

/** The matched patient's chart, in the fields the portal's report has, to compare side by side. */
export const identityCheckChart = z.strictObject({
  mrn: z.string(),
  family_name: z.string(),
  given_name: z.string(),
  date_of_birth: wire.date,
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

/** One case as support works it: the report, the matched patient's chart beside it, and where the queue goes on. */
export const identityCheckCaseRecord = identityCheckFailureRecord.extend({
  chart: identityCheckChart
    .nullable()
    .meta({ description: "The matched patient's chart (reading it is audited as a read of that patient); null when no single patient matched" }),
  next_open_id: wire.id
    .nullable()
    .meta({ description: 'The next open case in queue order (oldest first) after this one, else the first still open; null when no other is open' }),
});

/** The portal's report is queued for support; the answer never says whether it matched a patient. */
export const identityCheckReceived = z.strictObject({ id: wire.id });
