import type { Knex } from 'knex';

/**
 * Where activation codes are handed over (a clinic's check-in, a lobby desk), as a list admins
 * keep: the weekly report counts codes per location, and free text split one desk into several
 * spellings. A location is retired, never deleted, since old codes point at it. Names are unique
 * whatever their case and spacing, by one key function that the unique index, the backfill of the
 * old free-text locations and the link of codes written by the previous release all use.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION desk_location_name_key(name text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN lower(btrim(regexp_replace(name, '[[:space:]]+', ' ', 'g')))`);
  await knex.schema.createTable('desk_locations', (table) => {
    table.bigIncrements('id');
    table.text('name').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.bigInteger('updated_by').references('id').inTable('staff_users');
    table.timestamp('retired_at', { useTz: true });
    table.bigInteger('retired_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('CREATE UNIQUE INDEX desk_locations_name_key_idx ON desk_locations (desk_location_name_key(name))');
  await knex.raw("ALTER TABLE desk_locations ADD CONSTRAINT desk_locations_name_present CHECK (desk_location_name_key(name) <> '')");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('desk_locations');
  await knex.raw('DROP FUNCTION desk_location_name_key(text)');
}
