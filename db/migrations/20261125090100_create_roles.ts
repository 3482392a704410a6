import type { Knex } from 'knex';

/** The role catalogue; its rows are reference data written by db/seeds. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('roles', (table) => {
    table.text('name').primary();
    table.text('label').notNullable();
    table.text('description').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('roles');
}
