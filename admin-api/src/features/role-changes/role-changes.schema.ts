import { z } from 'zod';
import { exportQuery, type ListSpec } from '../../lib/list-query.ts';
import { isoInstant } from '../../lib/validation.ts';
import { ROLES } from '../../auth/policy.ts';

export const roleChangeFilter = z.strictObject({
  /** Whose roles changed. */
  staff_user_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  role: z.enum(ROLES, { error: `must be among ${ROLES.join(', ')}` }).optional(),
  change: z.enum(['granted', 'removed', 'refused'], { error: 'must be granted, removed or refused' }).optional(),
  occurred_after: isoInstant.optional(),
  occurred_before: isoInstant.optional(),
});
export type RoleChangeFilter = z.output<typeof roleChangeFilter>;

export const roleChangeList: ListSpec<typeof roleChangeFilter> = {
  sortable: ['occurred_at'],
  defaultSort: ['occurred_at', 'DESC'],
  filter: roleChangeFilter,
};

export const roleChangeExportQuery = exportQuery(roleChangeFilter);
