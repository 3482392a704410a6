import type { Knex } from 'knex';

/**
 * Password-reset links support sends to a portal account; only a SHA-256 of the token is kept.
 * The portal checks and spends a link through the integration API.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portal_password_resets', (table) => {
    table.bigIncrements('id');
    table.bigInteger('portal_account_id').notNullable().references('id').inTable('portal_accounts');
    table.binary('token_hash').notNullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.index(['portal_account_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('portal_password_resets');
}
