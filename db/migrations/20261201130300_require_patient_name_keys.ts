import type { Knex } from 'knex';

/**
 * Every patient has name keys from now on: a row without them (the trigger disabled, as a restore
 * with session_replication_role = replica does) would be missing from every name search. Added
 * NOT VALID, then validated in a transaction of its own: validation reads the whole table under
 * a lock that lets instances keep writing, whereas adding the constraint holds a brief exclusive one.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  // Dropped first, so a run stopped after adding the constraint can be repeated.
  await knex.raw(`
    ALTER TABLE patients
      DROP CONSTRAINT IF EXISTS patients_name_keys_present,
      ADD CONSTRAINT patients_name_keys_present CHECK (family_name_key IS NOT NULL AND given_name_key IS NOT NULL) NOT VALID`);
  await knex.raw('ALTER TABLE patients VALIDATE CONSTRAINT patients_name_keys_present');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE patients DROP CONSTRAINT IF EXISTS patients_name_keys_present');
}
