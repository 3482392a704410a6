import type { Knex } from 'knex';

/**
 * Name prefix search walks an ordered B-tree whose order is the list's sort order, so LIMIT 25
 * stops early; substring search uses trigrams; MRN is unique already; birth date is exact.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX patients_name_prefix_idx
      ON patients ((lower(family_name) COLLATE "C"), (lower(given_name) COLLATE "C"), id)`);
  await knex.raw(`
    CREATE INDEX patients_name_trgm_idx
      ON patients USING gin ((lower(family_name || ' ' || given_name)) gin_trgm_ops)`);
  await knex.raw('CREATE INDEX patients_date_of_birth_idx ON patients (date_of_birth, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX patients_date_of_birth_idx');
  await knex.raw('DROP INDEX patients_name_trgm_idx');
  await knex.raw('DROP INDEX patients_name_prefix_idx');
}
