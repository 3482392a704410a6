import type { Knex } from '@portaldesk/db';
import { isRole } from './policy.ts';
import type { StaffPrincipal } from './principal.ts';

/** The active staff member with their roles, or undefined when missing or deactivated. */
export async function findPrincipal(knex: Knex, id: number): Promise<StaffPrincipal | undefined> {
  const row = await knex('staff_users as s')
    .leftJoin('staff_user_roles as r', 'r.staff_user_id', 's.id')
    .where('s.id', id)
    .andWhere('s.active', true)
    .groupBy('s.id')
    .first('s.id', 's.username', 's.display_name', knex.raw("coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles"));
  if (!row) return undefined;
  return { id: row.id, username: row.username, displayName: row.display_name, roles: (row.roles as string[]).filter(isRole) };
}

/**
 * The only query that reads a password hash: the sign-in check. Deactivated staff are not
 * candidates, so their passwords stop working at once.
 */
export async function findSignInCandidate(knex: Knex, username: string): Promise<{ id: number; password_hash: string | null } | undefined> {
  return knex('staff_users').first('id', 'password_hash').where({ username, active: true });
}

/** Whether `username` names a staff member, active or not. */
export async function staffUsernameExists(knex: Knex, username: string): Promise<boolean> {
  return Boolean(await knex('staff_users').first(knex.raw('1 AS found')).where({ username }));
}
