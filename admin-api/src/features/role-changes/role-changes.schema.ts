import { z } from 'zod';
import { exportQuery, type ListSpec } from '../../lib/list-query.ts';
import { isoInstant, wire } from '../../lib/validation.ts';
import { ROLES } from '../../auth/policy.ts';
import { AUDIT_OUTCOMES } from '../audit-events/audit-events.schema.ts';

const ROLE_CHANGE_KINDS = ['granted', 'removed', 'refused'] as const;

export const roleChangeFilter = z.strictObject({
  /** Whose roles changed. */
  staff_user_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  role: z.enum(ROLES, { error: `must be among ${ROLES.join(', ')}` }).optional(),
  change: z.enum(ROLE_CHANGE_KINDS, { error: 'must be granted, removed or refused' }).optional(),
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

/** One grant, removal or refused attempt, as the privacy office reads it. */
export const roleChangeRow = z.strictObject({
  id: wire.id,
  occurred_at: wire.instant,
  change: z.enum(ROLE_CHANGE_KINDS),
  outcome: z.enum(AUDIT_OUTCOMES),
  role: z.enum(ROLES).nullable().meta({ description: 'The role granted or removed; null for a refused change (see requested_roles)' }),
  staff_user_id: wire.id.nullable().meta({ description: 'Whose roles changed; null for a refused creation of a staff member' }),
  staff_username: z.string().nullable(),
  staff_display_name: z.string().nullable(),
  changed_by_username: z.string().nullable(),
  changed_by_roles: z.array(z.enum(ROLES)).meta({ description: 'The roles the one who changed them held then' }),
  reason: z.enum(['own_roles', 'roles_not_allowed_together']).nullable().meta({ description: 'Why a change was refused, else null' }),
  requested_roles: z.array(z.enum(ROLES)).nullable().meta({ description: 'For a refused change, the roles that were asked for' }),
  client_address: z.string().nullable().meta({ description: 'The IP address the change came from' }),
});
