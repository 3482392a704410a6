import type { Knex } from 'knex';
import { backfillInBatches } from '../src/online-migrations.ts';

/**
 * One desk location per location the codes so far were given, its spellings taken as one
 * ("Main lobby desk 2", " main  Lobby desk 2" and "MAIN LOBBY DESK 2" are one desk), named by its
 * most frequent spelling with the spaces tidied; then every such code is linked to it, a batch at
 * a time while instances keep issuing. A blank location stays unlinked ("not recorded").
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    INSERT INTO desk_locations (name, created_at, updated_at)
    SELECT mode() WITHIN GROUP (ORDER BY spelt.name), min(spelt.issued_at), min(spelt.issued_at)
      FROM (SELECT btrim(regexp_replace(location, '[[:space:]]+', ' ', 'g')) AS name, issued_at
              FROM activation_codes
             WHERE location_id IS NULL AND desk_location_name_key(location) <> '') AS spelt
     GROUP BY desk_location_name_key(spelt.name)
    ON CONFLICT ((desk_location_name_key(name))) DO NOTHING`);
  // Every spelling has its location now (codes issued since are linked by the trigger), so each
  // batch's rows leave the WHERE; the EXISTS keeps a row that somehow has none from being retried forever.
  await backfillInBatches(knex, {
    table: 'activation_codes',
    set: `location_id = (SELECT l.id FROM desk_locations l WHERE desk_location_name_key(l.name) = desk_location_name_key(activation_codes.location))`,
    where: `location_id IS NULL AND desk_location_name_key(location) <> ''
            AND EXISTS (SELECT 1 FROM desk_locations l WHERE desk_location_name_key(l.name) = desk_location_name_key(activation_codes.location))`,
  });
}

/** Nothing to undo: the column's migration drops the links with the column, and the first one the locations. */
export async function down(): Promise<void> {}
