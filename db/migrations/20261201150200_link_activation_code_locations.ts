import type { Knex } from 'knex';

/**
 * While the previous release's instances still serve, they issue codes with a free-text location
 * and no location_id. This trigger links such a code to the location of that name (by the name
 * key), adding the location first when it is new, so no code issued during the rollout is left
 * out of the report's per-location rows. This release never writes `location`, so the trigger
 * touches only those instances' codes; the next release drops it with the column.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION activation_codes_link_location() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF desk_location_name_key(NEW.location) = '' THEN
        RETURN NEW;
      END IF;
      -- First seen with this code: the issue time dates it, as no clock runs in the database.
      INSERT INTO desk_locations (name, created_at, updated_at)
        VALUES (btrim(regexp_replace(NEW.location, '[[:space:]]+', ' ', 'g')), NEW.issued_at, NEW.issued_at)
        ON CONFLICT ((desk_location_name_key(name))) DO NOTHING;
      SELECT id INTO NEW.location_id FROM desk_locations WHERE desk_location_name_key(name) = desk_location_name_key(NEW.location);
      RETURN NEW;
    END
    $$`);
  await knex.raw(`
    CREATE TRIGGER activation_codes_link_location
      BEFORE INSERT OR UPDATE OF location ON activation_codes
      FOR EACH ROW WHEN (NEW.location_id IS NULL AND NEW.location IS NOT NULL)
      EXECUTE FUNCTION activation_codes_link_location()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER activation_codes_link_location ON activation_codes');
  await knex.raw('DROP FUNCTION activation_codes_link_location()');
}
