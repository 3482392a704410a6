import type { Knex } from 'knex';

/**
 * The name search's indexes over the new keys, built CONCURRENTLY (outside a transaction) so
 * instances keep writing patients meanwhile: an ordered B-tree whose order is the list's
 * (prefix search reads a range of it and stops at the page's end; C collation makes a LIKE prefix
 * a range), and trigrams of the whole name ("family given") for "contains". The indexes over
 * the lower-cased names stay while the previous release still searches with them; a migration
 * of the next release drops them, and the family_key and given_key columns.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX CONCURRENTLY IF NOT EXISTS patients_name_keys_idx ON patients (family_name_key, given_name_key, id)');
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS patients_name_keys_trgm_idx
      ON patients USING gin ((family_name_key || given_name_key) gin_trgm_ops)`);
  // The planner's figures for the new keys and the indexed expression, before the first search uses them.
  await knex.raw('ANALYZE patients');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS patients_name_keys_trgm_idx');
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS patients_name_keys_idx');
}
