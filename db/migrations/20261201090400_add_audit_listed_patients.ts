import type { Knex } from 'knex';

/**
 * The patients a listing returned (a search's results), kept on the listing's own audit row so
 * each of them finds it in their access ledger ("appeared in a search by ..."): one row per
 * search rather than one per patient shown.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_events ADD COLUMN listed_patient_ids bigint[]');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE audit_events DROP COLUMN listed_patient_ids');
}
