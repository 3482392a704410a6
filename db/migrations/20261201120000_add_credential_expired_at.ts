import type { Knex } from 'knex';

/**
 * When the expiry job found an activation code or a password link past its expiry and closed it
 * (with its audit row). Until then a lapsed credential is refused by its expires_at alone; the
 * column makes the lapse a recorded state change, done once. Added nullable: nothing to backfill,
 * as older lapsed credentials are found by the job's next run.
 */
const TABLES = ['activation_codes', 'password_reset_tokens', 'portal_password_resets'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw('ALTER TABLE ?? ADD COLUMN expired_at timestamptz', [table]);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw('ALTER TABLE ?? DROP COLUMN expired_at', [table]);
}
