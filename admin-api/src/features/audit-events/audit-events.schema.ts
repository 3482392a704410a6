import { z } from 'zod';
import { exportQuery, type ListSpec } from '../../lib/list-query.ts';
import { ROLES } from '../../auth/policy.ts';
import { isoInstant, wire } from '../../lib/validation.ts';

/** How an audited attempt ended. */
export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;

export const auditEventFilter = z.strictObject({
  staff_user_id: z.number().int().positive().optional(),
  staff_username: z.string().trim().min(1).max(64).optional(),
  patient_id: z.number().int().positive().optional(),
  /** The patient as staff know them; a medical record number nobody has is a 400 on this field. */
  patient_mrn: z.string().trim().min(1, 'is empty: type an MRN').max(32, 'is too long: at most 32 characters').optional(),
  action: z.string().trim().min(1).max(64).optional(),
  resource: z.string().trim().min(1).max(64).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  occurred_after: isoInstant.optional(),
  occurred_before: isoInstant.optional(),
});
export type AuditEventFilter = z.output<typeof auditEventFilter>;

export const auditEventList: ListSpec<typeof auditEventFilter> = {
  sortable: ['occurred_at'],
  defaultSort: ['occurred_at', 'DESC'],
  filter: auditEventFilter,
};

export const auditEventExportQuery = exportQuery(auditEventFilter);

/** One row of the audit trail, with the staff member's and the patient's names joined in. */
export const auditEventRecord = z.strictObject({
  id: wire.id,
  occurred_at: wire.instant,
  staff_user_id: wire.id.nullable().meta({ description: 'Null when no staff member was signed in: the portal, jobs, the command line, sign-in attempts' }),
  staff_username: z.string().nullable().meta({ description: 'As written then; portal:<token name>, job:<queue> and cli:<user> name callers other than staff' }),
  staff_display_name: z.string().nullable(),
  roles: z.array(z.enum(ROLES)).meta({ description: 'The roles the caller held then' }),
  action: z.string(),
  resource: z.string(),
  resource_id: z.string().nullable(),
  patient_id: wire.id.nullable(),
  patient_name: z.string().nullable().meta({ description: 'Family, given' }),
  patient_mrn: z.string().nullable(),
  listed_count: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'How many patients a listing (a search, a queue) showed; null for other rows and for a listing that showed nobody' }),
  client_address: z.string().nullable().meta({ description: 'IP address' }),
  request_id: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  details: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Criteria or changed field names; never secrets, never patient values' }),
});
