import type { Knex } from 'knex';

/**
 * What patients may change from the portal, stored as codes (their systems and display names
 * live in the API's value-set module), and the record's version, which every change raises so a
 * second save from an old copy is refused instead of overwriting the first.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('patients', (table) => {
    table.specificType('race', 'text[]');
    table.text('ethnicity');
    table.text('preferred_language');
    table.text('sexual_orientation');
    table.text('gender_identity');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw(`
    ALTER TABLE patients
      ADD CONSTRAINT patients_race_not_empty CHECK (race IS NULL OR cardinality(race) > 0),
      ADD CONSTRAINT patients_version_positive CHECK (version > 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('patients', (table) => {
    table.dropColumns('race', 'ethnicity', 'preferred_language', 'sexual_orientation', 'gender_identity', 'version');
  });
}
