import type { Knex } from 'knex';

/**
 * Finds a patient's appearances in listings for their access ledger. Built CONCURRENTLY (outside
 * a transaction) so instances keep writing audit rows meanwhile.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_events_listed_patients_idx
      ON audit_events USING gin (listed_patient_ids)
      WHERE listed_patient_ids IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS audit_events_listed_patients_idx');
}
