import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';
import { fieldValue, patientChangeableField } from '../demographics/demographics.schema.ts';
import { PATIENT_CHANGEABLE_FIELDS } from '../demographics/value-sets.ts';

export const REQUEST_STATUSES = ['submitted', 'reviewed'] as const;
export const FIELD_DECISIONS = ['pending', 'accepted', 'rejected'] as const;

export const changeRequestFilter = z.strictObject({
  status: z.enum(REQUEST_STATUSES, { error: "must be 'submitted' or 'reviewed'" }).optional(),
  overdue: z.boolean({ error: 'must be true or false' }).optional(),
  patient_id: z.number().int().positive().optional(),
});
export type ChangeRequestFilter = z.output<typeof changeRequestFilter>;

export const changeRequestList: ListSpec<typeof changeRequestFilter> = {
  sortable: ['due_at', 'received_at', 'id'],
  defaultSort: ['due_at', 'ASC'],
  filter: changeRequestFilter,
};

/** A request as the queue lists it. */
export const changeRequestRecord = z.strictObject({
  id: wire.id,
  patient_id: wire.id,
  patient_mrn: z.string(),
  patient_name: z.string().meta({ description: '"Family, Given"' }),
  received_at: wire.instant,
  due_at: wire.instant,
  overdue: z.boolean().meta({ description: 'Not reviewed and past its due time' }),
  status: z.enum(REQUEST_STATUSES),
  fields: z.array(patientChangeableField).meta({ description: 'The fields the patient asks to change' }),
  reviewed_at: wire.instant.nullable(),
  reviewed_by_name: z.string().nullable(),
});

/** One requested field as the review page shows it. */
export const requestedFieldRecord = z.strictObject({
  field: patientChangeableField,
  value_at_request: fieldValue.meta({ description: 'What the record held when the request arrived' }),
  requested_value: fieldValue,
  current_value: fieldValue.meta({ description: 'What the record holds now' }),
  changed_since_request: z.boolean().meta({ description: 'The record changed since the request arrived: accepting needs acknowledgeChange' }),
  problem: z.string().nullable().meta({ description: 'Why the requested value cannot be accepted now (a language the hospital does not support)' }),
  decision: z.enum(FIELD_DECISIONS),
  reason: z.string().nullable().meta({ description: 'Why it was rejected, as the patient reads it' }),
});

/** A request with its fields, for the review page. */
export const changeRequestCase = changeRequestRecord.extend({
  version: z.number().int().meta({ description: 'Send it back with the review: a review from an older version is refused (409)' }),
  patient_version: z.number().int().meta({
    description:
      "The patient record's version the current values were read at: send it back as patientVersion, so a record that changes meanwhile is not overwritten unseen (409)",
  }),
  patient_date_of_birth: wire.date,
  portal_username: z.string(),
  requested_fields: z.array(requestedFieldRecord),
});

const decision = z.strictObject({
  decision: z.enum(['accept', 'reject'], { error: "must be 'accept' or 'reject'" }),
  reason: z.string().trim().max(500, 'is longer than 500 characters').optional().meta({ description: 'Required to reject: the patient reads it' }),
  acknowledgeChange: z
    .boolean()
    .optional()
    .meta({ description: 'Required to accept a field whose value changed since the request arrived: the reviewer saw the newer value' }),
});

export const reviewBody = z.strictObject({
  fields: z.partialRecord(z.enum(PATIENT_CHANGEABLE_FIELDS), decision).meta({ description: 'A decision for every field of the request' }),
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
  patientVersion: z
    .number({ error: "is required (the patient record's version you compared with)" })
    .int()
    .positive()
    .meta({ description: 'The patient_version the review page showed' }),
});
export type ReviewBody = z.output<typeof reviewBody>;

export const changeRequestReceived = z.strictObject({
  id: wire.id,
  status: z.literal('submitted'),
});

/** The portal's names for the fields, as it sent them. */
export const PORTAL_FIELD_NAMES = {
  race: 'race',
  ethnicity: 'ethnicity',
  preferred_language: 'preferredLanguage',
  sexual_orientation: 'sexualOrientation',
  gender_identity: 'genderIdentity',
  address: 'address',
  email: 'email',
  phone: 'phone',
} as const;

/** What the portal reads of a request: each field's outcome, and the reviewer's reason for a rejection. */
export const changeRequestForPortal = z.strictObject({
  id: wire.id,
  status: z.enum(REQUEST_STATUSES),
  receivedAt: wire.instant,
  reviewedAt: wire.instant.nullable(),
  fields: z.partialRecord(
    z.enum(Object.values(PORTAL_FIELD_NAMES) as [string, ...string[]]),
    z.strictObject({ status: z.enum(FIELD_DECISIONS), reason: z.string().nullable() }),
  ),
});
