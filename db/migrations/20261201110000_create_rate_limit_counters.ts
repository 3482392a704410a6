import type { Knex } from 'knex';

/**
 * Hit counters of the per-address request limits (failed sign-ins, one-time link requests), kept
 * here rather than in each instance's memory, so several API instances enforce one limit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limit_counters', (table) => {
    table.text('key').primary();
    table.integer('hits').notNullable();
    table.timestamp('window_ends_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limit_counters');
}
