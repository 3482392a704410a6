import type { Knex } from 'knex';

/**
 * Where the hospital bills from (a clinic, the main campus), as admins keep them: the billing
 * phone patients call and whether the location takes payments online, which decides whether a
 * guarantor account on it offers "Pay Now". Names are unique whatever their case and spacing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION service_location_name_key(name text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      RETURN lower(btrim(regexp_replace(name, '[[:space:]]+', ' ', 'g')))`);
  await knex.schema.createTable('service_locations', (table) => {
    table.bigIncrements('id');
    table.text('name').notNullable();
    table.text('billing_phone').notNullable();
    table.boolean('accepts_online_payments').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.bigInteger('updated_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('CREATE UNIQUE INDEX service_locations_name_key_idx ON service_locations (service_location_name_key(name))');
  await knex.raw(`
    ALTER TABLE service_locations
      ADD CONSTRAINT service_locations_name_present CHECK (service_location_name_key(name) <> ''),
      ADD CONSTRAINT service_locations_billing_phone CHECK (billing_phone ~ '^\\+[1-9][0-9]{6,14}$')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('service_locations');
  await knex.raw('DROP FUNCTION service_location_name_key(text)');
}
