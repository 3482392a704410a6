import type { Knex } from 'knex';

/**
 * Secrets every API instance must share (the session-cookie signing key), generated on first
 * start so several instances behind a load balancer agree without extra configuration.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('server_secrets', (table) => {
    table.text('name').primary();
    table.text('value').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('server_secrets');
}
