import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_users', (table) => {
    table.bigIncrements('id');
    table.specificType('username', 'citext').notNullable().unique();
    table.text('display_name').notNullable();
    // Null until the staff member sets a password through their one-time link.
    table.text('password_hash');
    table.timestamp('password_changed_at', { useTz: true });
    table.boolean('active').notNullable().defaultTo(true);
    table.timestamp('deactivated_at', { useTz: true });
    table.bigInteger('deactivated_by').references('id').inTable('staff_users');
    table.text('deactivation_reason');
    table.timestamp('last_sign_in_at', { useTz: true });
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Optimistic concurrency: a save must name the version it read.
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw("ALTER TABLE staff_users ADD CONSTRAINT staff_users_username_format CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$')");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_users');
}
