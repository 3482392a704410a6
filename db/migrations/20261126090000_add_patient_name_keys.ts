import type { Knex } from 'knex';

/**
 * Name search keys as stored columns. An index on an expression cannot answer a query by itself
 * (PostgreSQL only does index-only scans over plain columns), so counting the matches of a
 * broad prefix such as "sm" visited a thousand heap rows; over stored keys the count reads the
 * index alone. The keys are generated, so no writer can let them drift from the names.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE patients
      ADD COLUMN family_key text COLLATE "C" GENERATED ALWAYS AS (lower(family_name)) STORED,
      ADD COLUMN given_key text COLLATE "C" GENERATED ALWAYS AS (lower(given_name)) STORED`);
  await knex.raw('CREATE INDEX patients_name_key_idx ON patients (family_key, given_key, id)');
  await knex.raw('DROP INDEX patients_name_prefix_idx');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX patients_name_prefix_idx
      ON patients ((lower(family_name) COLLATE "C"), (lower(given_name) COLLATE "C"), id)`);
  await knex.raw('DROP INDEX patients_name_key_idx');
  await knex.raw('ALTER TABLE patients DROP COLUMN given_key, DROP COLUMN family_key');
}
