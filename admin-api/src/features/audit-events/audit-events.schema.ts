import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });

export const auditEventFilter = z.strictObject({
  staff_user_id: z.number().int().positive().optional(),
  staff_username: z.string().trim().min(1).max(64).optional(),
  patient_id: z.number().int().positive().optional(),
  action: z.string().trim().min(1).max(64).optional(),
  resource: z.string().trim().min(1).max(64).optional(),
  outcome: z.enum(['success', 'denied', 'failed']).optional(),
  occurred_after: instant.optional(),
  occurred_before: instant.optional(),
});
export type AuditEventFilter = z.output<typeof auditEventFilter>;

export const auditEventList: ListSpec<typeof auditEventFilter> = {
  sortable: ['occurred_at'],
  defaultSort: ['occurred_at', 'DESC'],
  filter: auditEventFilter,
};

/** The export's query: the list's filter, as the same JSON `filter` parameter. */
export const auditEventExportQuery = z.strictObject({
  filter: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return {};
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(auditEventFilter),
});
