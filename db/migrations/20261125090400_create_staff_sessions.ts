import type { Knex } from 'knex';

/**
 * Server-side staff sessions. staff_user_id is a column, not buried in the JSON, so deactivating
 * a staff member ends every session of theirs with one indexed DELETE.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_sessions', (table) => {
    table.text('sid').primary();
    table.jsonb('data').notNullable();
    table.bigInteger('staff_user_id').references('id').inTable('staff_users').onDelete('CASCADE');
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.index(['staff_user_id']);
    table.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_sessions');
}
