import { forgetStaffSessionsHere } from '../../auth/session-cache.ts';
import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { z } from 'zod';
import type { staffUserFilter } from './staff-users.schema.ts';

export interface StaffUserRow {
  id: number;
  username: string;
  display_name: string;
  roles: string[];
  active: boolean;
  password_set: boolean;
  deactivated_at: Date | null;
  deactivated_by_username: string | null;
  deactivation_reason: string | null;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Staff rows as the console shows them; never the password hash itself. */
function staffQuery(knex: Knex | Knex.Transaction) {
  return knex('staff_users as s')
    .leftJoin('staff_users as d', 'd.id', 's.deactivated_by')
    .select(
      's.id',
      's.username',
      's.display_name',
      knex.raw("coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM staff_user_roles r WHERE r.staff_user_id = s.id), '{}') AS roles"),
      's.active',
      knex.raw('(s.password_hash IS NOT NULL) AS password_set'),
      's.deactivated_at',
      'd.username as deactivated_by_username',
      's.deactivation_reason',
      's.last_sign_in_at',
      's.created_at',
      's.updated_at',
      's.version',
    );
}

export async function listStaffUsers(
  knex: Knex,
  filter: z.output<typeof staffUserFilter>,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<{ rows: StaffUserRow[]; total: number }> {
  const where = (query: Knex.QueryBuilder) => {
    if (filter.q) {
      const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.where((q) => q.whereRaw('lower(s.username::text) LIKE ?', [pattern]).orWhereRaw('lower(s.display_name) LIKE ?', [pattern]));
    }
    if (filter.role) query.whereExists((q) => q.select(1).from('staff_user_roles as r').whereRaw('r.staff_user_id = s.id').where('r.role', filter.role));
    if (filter.active !== undefined) query.where('s.active', filter.active);
    if (filter.id) query.whereIn('s.id', filter.id);
    return query;
  };
  const rows = await where(staffQuery(knex)).orderByRaw(`s.${sort.field} ${sort.order} NULLS LAST`).orderBy('s.id').offset(offset).limit(limit);
  // The staff table is small; an exact count is cheap here.
  const [{ count }] = await where(knex('staff_users as s')).count<{ count: string }[]>({ count: '*' });
  return { rows, total: Number(count) };
}

export async function findStaffUser(knex: Knex | Knex.Transaction, id: number, forUpdate = false): Promise<StaffUserRow | undefined> {
  const query = staffQuery(knex).where('s.id', id).first();
  if (forUpdate) query.forUpdate('s');
  return query;
}

export async function insertStaffUser(
  trx: Knex.Transaction,
  input: { username: string; display_name: string; roles: string[] },
  createdBy: number | null,
  now: Date,
): Promise<number | undefined> {
  const [row] = await trx('staff_users')
    .insert({ username: input.username, display_name: input.display_name, created_by: createdBy, created_at: now, updated_at: now })
    .onConflict('username')
    .ignore()
    .returning('id');
  if (!row) return undefined;
  await trx('staff_user_roles').insert(input.roles.map((role) => ({ staff_user_id: row.id, role })));
  return row.id;
}

/** Replaces a staff member's roles; their signed-in sessions are re-read with the new ones. */
export async function replaceRoles(trx: Knex.Transaction, staffUserId: number, roles: string[]): Promise<void> {
  await trx('staff_user_roles').where({ staff_user_id: staffUserId }).delete();
  await trx('staff_user_roles').insert(roles.map((role) => ({ staff_user_id: staffUserId, role })));
  forgetStaffSessionsHere(staffUserId, trx);
}

// Any number of one's own: the key of the advisory lock below.
const ADMIN_ROSTER_LOCK = 7_361_002_202;

/**
 * Role edits and deactivations queue here, for the rest of the transaction: two admins removing
 * each other's admin role at the same moment would otherwise each count the other as the one
 * left, and leave none.
 */
export async function lockAdminRoster(trx: Knex.Transaction): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?)', [ADMIN_ROSTER_LOCK]);
}

/** Active admins other than `exceptId`: an admin may not remove the last way in. */
export async function countOtherActiveAdmins(trx: Knex.Transaction, exceptId: number): Promise<number> {
  const [{ count }] = await trx('staff_users as s')
    .join('staff_user_roles as r', 'r.staff_user_id', 's.id')
    .where({ 's.active': true, 'r.role': 'admin' })
    .whereNot('s.id', exceptId)
    .count<{ count: string }[]>({ count: '*' });
  return Number(count);
}
