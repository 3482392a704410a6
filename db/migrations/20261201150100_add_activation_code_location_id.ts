import type { Knex } from 'knex';

/**
 * Codes name their location by id from now on (expand). Added nullable with its foreign key NOT
 * VALID, which checks new rows at once without reading the table under a lock; the backfill fills
 * the old rows and a later migration validates the key. The free-text `location` column stays
 * for this release, as the previous release's instances still write and read it while they
 * serve; the next release drops it (contract), with the trigger that links those instances' codes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE activation_codes ADD COLUMN location_id bigint');
  await knex.raw(`
    ALTER TABLE activation_codes
      ADD CONSTRAINT activation_codes_location_id_fkey FOREIGN KEY (location_id) REFERENCES desk_locations (id) NOT VALID`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE activation_codes DROP COLUMN location_id');
}
