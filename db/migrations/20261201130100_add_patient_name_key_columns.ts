import type { Knex } from 'knex';

/**
 * Stored name keys (see patient_name_key) for search and identity matching. A generated column
 * would rewrite the whole table when added, so these are plain nullable columns that a trigger
 * fills on every insert and on every update of a name or a key, whoever writes: instances of the
 * previous release too, which know nothing of them. The next migration fills the rows already
 * there. The lower-cased family_key and given_key stay while the previous release still reads them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE patients ADD COLUMN family_name_key text COLLATE "C", ADD COLUMN given_name_key text COLLATE "C"');
  await knex.raw(`
    CREATE FUNCTION patients_fill_name_keys() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.family_name_key := patient_name_key(NEW.family_name);
      NEW.given_name_key := patient_name_key(NEW.given_name);
      RETURN NEW;
    END
    $$`);
  await knex.raw(`
    CREATE TRIGGER patients_fill_name_keys
      BEFORE INSERT OR UPDATE OF family_name, given_name, family_name_key, given_name_key ON patients
      FOR EACH ROW EXECUTE FUNCTION patients_fill_name_keys()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER patients_fill_name_keys ON patients');
  await knex.raw('DROP FUNCTION patients_fill_name_keys()');
  await knex.raw('ALTER TABLE patients DROP COLUMN given_name_key, DROP COLUMN family_name_key');
}
