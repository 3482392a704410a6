import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { RoleChangeFilter } from './role-changes.schema.ts';

/** One grant, removal or refused attempt, as the privacy office reads it. */
export interface RoleChangeRow {
  id: number;
  occurred_at: Date;
  change: 'granted' | 'removed' | 'refused';
  outcome: 'success' | 'denied' | 'failed';
  /** The role granted or removed; null for a refused change, which names requested_roles instead. */
  role: string | null;
  /** Null for a refused creation: the staff member was never created. */
  staff_user_id: number | null;
  staff_username: string | null;
  staff_display_name: string | null;
  changed_by_username: string | null;
  changed_by_roles: string[];
  /** Why a change was refused (own_roles, roles_not_allowed_together), else null. */
  reason: string | null;
  /** For a refused change, the roles that were asked for. */
  requested_roles: string[] | null;
  client_address: string | null;
}

const CHANGE_OF = {
  granted: (query: Knex.QueryBuilder) => query.where({ 'e.action': 'grant-role', 'e.outcome': 'success' }),
  removed: (query: Knex.QueryBuilder) => query.where({ 'e.action': 'remove-role', 'e.outcome': 'success' }),
  refused: (query: Knex.QueryBuilder) => query.whereNot('e.outcome', 'success'),
};

/**
 * Role changes are audit rows (grant-role, remove-role), read through the partial index made for
 * this report, so the report can never disagree with the audit trail.
 */
function roleChanges(knex: Knex, filter: RoleChangeFilter): Knex.QueryBuilder {
  const query = knex('audit_events as e').where('e.resource', 'staff-users').whereIn('e.action', ['grant-role', 'remove-role']);
  if (filter.staff_user_id) query.where('e.resource_id', String(filter.staff_user_id));
  if (filter.role) query.whereRaw("e.details->>'role' = ?", [filter.role]);
  if (filter.change) CHANGE_OF[filter.change](query);
  if (filter.occurred_after) query.where('e.occurred_at', '>=', filter.occurred_after);
  if (filter.occurred_before) query.where('e.occurred_at', '<', filter.occurred_before);
  return query;
}

export async function listRoleChanges(
  knex: Knex,
  filter: RoleChangeFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<RoleChangeRow[]> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const query = roleChanges(knex, filter);
  if (sort.field !== 'id') query.orderBy('e.occurred_at', direction);
  return query
    .leftJoin('staff_users as s', (join) => join.on(knex.raw('s.id::text = e.resource_id')))
    .select(
      'e.id',
      'e.occurred_at',
      knex.raw(`CASE WHEN e.outcome <> 'success' THEN 'refused' WHEN e.action = 'grant-role' THEN 'granted' ELSE 'removed' END AS change`),
      'e.outcome',
      knex.raw("e.details->>'role' AS role"),
      knex.raw('e.resource_id::bigint AS staff_user_id'),
      's.username as staff_username',
      's.display_name as staff_display_name',
      'e.staff_username as changed_by_username',
      'e.roles as changed_by_roles',
      knex.raw("e.details->>'reason' AS reason"),
      knex.raw("e.details->'roles'->'to' AS requested_roles"),
      knex.raw('host(e.client_address) AS client_address'),
    )
    .orderBy('e.id', direction)
    .offset(offset)
    .limit(limit);
}

export async function countRoleChangesUpTo(knex: Knex, filter: RoleChangeFilter, cap: number): Promise<number> {
  const inner = roleChanges(knex, filter)
    .select(knex.raw('1'))
    .limit(cap + 1);
  const [{ count }] = await knex.from(inner.as('changes')).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}
