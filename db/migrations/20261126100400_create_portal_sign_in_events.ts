import type { Knex } from 'knex';

/** Sign-in events the portal reports (success, failure, lock), for the support panel. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portal_sign_in_events', (table) => {
    table.bigIncrements('id');
    table.bigInteger('portal_account_id').notNullable().references('id').inTable('portal_accounts');
    table.text('kind').notNullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.timestamp('reported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.text('client_address');
    table.index(['portal_account_id', 'occurred_at']);
  });
  await knex.raw(`ALTER TABLE portal_sign_in_events ADD CONSTRAINT portal_sign_in_events_kind CHECK (kind IN ('success', 'failure', 'locked'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('portal_sign_in_events');
}
