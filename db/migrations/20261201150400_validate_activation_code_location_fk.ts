import type { Knex } from 'knex';

/**
 * Every code's location_id now names a location (the backfill linked the old ones): the foreign
 * key is validated, in a transaction of its own, reading the table without blocking its writes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE activation_codes VALIDATE CONSTRAINT activation_codes_location_id_fkey');
}

/** Nothing to undo: the constraint goes with its column. */
export async function down(): Promise<void> {}
