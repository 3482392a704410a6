import { z } from 'zod';
import { exportQuery, type ListSpec } from '../../lib/list-query.ts';
import { isoInstant } from '../../lib/validation.ts';

export const auditEventFilter = z.strictObject({
  staff_user_id: z.number().int().positive().optional(),
  staff_username: z.string().trim().min(1).max(64).optional(),
  patient_id: z.number().int().positive().optional(),
  action: z.string().trim().min(1).max(64).optional(),
  resource: z.string().trim().min(1).max(64).optional(),
  outcome: z.enum(['success', 'denied', 'failed']).optional(),
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
