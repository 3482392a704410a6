import type { Knex } from 'knex';

/**
 * The privacy office's role-change report reads grants and removals of roles, newest first,
 * out of the whole audit trail; a partial index keeps it from walking every other row. Built
 * CONCURRENTLY (outside a transaction) so instances keep writing audit rows meanwhile.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_events_role_changes_idx
      ON audit_events (occurred_at DESC, id DESC)
      WHERE resource = 'staff-users' AND action IN ('grant-role', 'remove-role')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS audit_events_role_changes_idx');
}
