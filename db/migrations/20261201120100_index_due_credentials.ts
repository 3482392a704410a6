import type { Knex } from 'knex';

/**
 * The expiry job looks for credentials still open whose expiry has passed; these partial indexes
 * hold only the open ones, so it never walks the spent history. Built CONCURRENTLY (outside a
 * transaction) so instances keep issuing and redeeming meanwhile.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS activation_codes_open_expiry_idx ON activation_codes (expires_at)
      WHERE redeemed_at IS NULL AND revoked_at IS NULL AND locked_at IS NULL AND expired_at IS NULL`);
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS password_reset_tokens_open_expiry_idx ON password_reset_tokens (expires_at)
      WHERE used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL`);
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS portal_password_resets_open_expiry_idx ON portal_password_resets (expires_at)
      WHERE used_at IS NULL AND expired_at IS NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS portal_password_resets_open_expiry_idx');
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS password_reset_tokens_open_expiry_idx');
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS activation_codes_open_expiry_idx');
}
