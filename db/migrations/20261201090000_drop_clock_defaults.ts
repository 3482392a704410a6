import type { Knex } from 'knex';

/**
 * Stored times come from the application's clock, never from the database's `now()`: a due date
 * computed from one clock and a received time taken from another disagree as soon as a test (or
 * a server) moves its clock. Without the defaults, an insert that forgets its time fails loudly
 * on NOT NULL instead of quietly taking the database's.
 */
const CLOCK_COLUMNS: [table: string, column: string][] = [
  ['patients', 'created_at'],
  ['patients', 'updated_at'],
  ['portal_accounts', 'activated_at'],
  ['portal_accounts', 'updated_at'],
  ['portal_tokens', 'created_at'],
  ['audit_events', 'occurred_at'],
  ['server_secrets', 'created_at'],
  ['settings', 'updated_at'],
  ['staff_users', 'created_at'],
  ['staff_users', 'updated_at'],
  ['outbox_messages', 'created_at'],
  ['portal_sign_in_events', 'reported_at'],
  ['password_reset_tokens', 'created_at'],
  ['activation_codes', 'issued_at'],
  ['portal_password_resets', 'created_at'],
  ['identity_check_failures', 'reported_at'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, column] of CLOCK_COLUMNS) {
    await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? DROP DEFAULT', [table, column]);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [table, column] of CLOCK_COLUMNS) {
    await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? SET DEFAULT now()', [table, column]);
  }
}
