import type { Knex } from 'knex';

/** Bearer tokens of the patient portal's integration API; only a SHA-256 of each is kept. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portal_tokens', (table) => {
    table.bigIncrements('id');
    table.text('name').notNullable();
    table.binary('token_hash').notNullable().unique();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('last_used_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
    table.bigInteger('revoked_by').references('id').inTable('staff_users');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('portal_tokens');
}
