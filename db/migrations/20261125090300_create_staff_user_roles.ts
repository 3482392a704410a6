import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_user_roles', (table) => {
    table.bigInteger('staff_user_id').notNullable().references('id').inTable('staff_users').onDelete('CASCADE');
    table.text('role').notNullable().references('name').inTable('roles');
    table.primary(['staff_user_id', 'role']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_user_roles');
}
