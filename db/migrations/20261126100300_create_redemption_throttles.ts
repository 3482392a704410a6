import type { Knex } from 'knex';

/**
 * Failed code redemptions per portal client (the patient's address as the portal reports it),
 * in a sliding window; checked before any hash is computed. In the database so that every API
 * instance counts the same failures.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('redemption_throttles', (table) => {
    table.text('client_key').primary();
    table.integer('failures').notNullable();
    table.timestamp('window_started_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('redemption_throttles');
}
