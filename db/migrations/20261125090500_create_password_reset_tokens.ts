import type { Knex } from 'knex';

/** One-time password links; only a SHA-256 of the token is kept. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('password_reset_tokens', (table) => {
    table.bigIncrements('id');
    table.bigInteger('staff_user_id').notNullable().references('id').inTable('staff_users').onDelete('CASCADE');
    table.binary('token_hash').notNullable().unique();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
    table.index(['staff_user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('password_reset_tokens');
}
