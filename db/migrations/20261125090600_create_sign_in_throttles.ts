import type { Knex } from 'knex';

/**
 * Failed sign-ins counted per (username, client address): a burst from one client blocks that
 * client for that account, never the account everywhere, so an attacker cannot lock staff out.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_throttles', (table) => {
    table.specificType('username', 'citext').notNullable();
    table.specificType('client_address', 'inet').notNullable();
    table.integer('failures').notNullable().defaultTo(0);
    table.timestamp('first_failure_at', { useTz: true }).notNullable();
    table.timestamp('last_failure_at', { useTz: true }).notNullable();
    table.timestamp('blocked_until', { useTz: true });
    table.primary(['username', 'client_address']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sign_in_throttles');
}
