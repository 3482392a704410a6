import type { Knex } from 'knex';

/**
 * Messages to patients (letters, password-reset links, notices), written in the same
 * transaction as the change that causes them and sent afterwards by a pluggable sender. A
 * message carrying a secret (a reset link) keeps it in `secret` only until it is sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_messages', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').references('id').inTable('patients');
    table.text('kind').notNullable();
    table.text('channel').notNullable();
    table.text('recipient');
    table.jsonb('payload').notNullable();
    table.text('secret');
    table.text('status').notNullable().defaultTo('pending');
    table.integer('attempts').notNullable().defaultTo(0);
    table.text('last_error');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('sent_at', { useTz: true });
    table.bigInteger('created_by').references('id').inTable('staff_users');
  });
  await knex.raw(`
    ALTER TABLE outbox_messages
      ADD CONSTRAINT outbox_messages_status CHECK (status IN ('pending', 'sent', 'failed')),
      ADD CONSTRAINT outbox_messages_secret_until_sent CHECK (status = 'pending' OR secret IS NULL)`);
  await knex.raw(`CREATE INDEX outbox_messages_pending_idx ON outbox_messages (id) WHERE status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox_messages');
}
