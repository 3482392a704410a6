import type { Knex } from 'knex';

/**
 * Customer-service conversations patients start from the portal. Each topic is one team's
 * queue (billing, technical → support, medical records → roi). The thread is due 3 business days
 * after it was received, on a clock that pauses while staff wait on the patient:
 * `clock_started_at` is when the running stretch began (null while paused or closed),
 * `business_minutes_used` what earlier stretches spent, `due_at` the deadline while it runs.
 * `first_response_business_minutes` is the business time from receipt to the first staff reply,
 * the figure the team dashboards chart. `version` steps with every reply and change, so a staff
 * reply written against an older thread is refused instead of crossing another.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('message_threads', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.bigInteger('portal_account_id').notNullable().references('id').inTable('portal_accounts');
    table.text('topic').notNullable();
    table.text('subject').notNullable();
    table.bigInteger('guarantor_account_id').references('id').inTable('guarantor_accounts');
    table.text('status').notNullable().defaultTo('new');
    table.bigInteger('assignee_id').references('id').inTable('staff_users');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.timestamp('clock_started_at', { useTz: true });
    table.integer('business_minutes_used').notNullable().defaultTo(0);
    table.timestamp('due_at', { useTz: true });
    table.timestamp('first_response_at', { useTz: true });
    table.integer('first_response_business_minutes');
    table.timestamp('last_message_at', { useTz: true }).notNullable();
    table.timestamp('closed_at', { useTz: true });
    table.bigInteger('closed_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['patient_id']);
    table.index(['portal_account_id']);
    table.index(['assignee_id']);
  });
  await knex.raw('CREATE INDEX message_threads_queue_idx ON message_threads (topic, status, due_at)');
  await knex.raw('CREATE INDEX message_threads_received_idx ON message_threads (topic, received_at)');
  await knex.raw(`
    ALTER TABLE message_threads
      ADD CONSTRAINT message_threads_topic CHECK (topic IN ('billing', 'technical', 'medical_records')),
      ADD CONSTRAINT message_threads_status CHECK (status IN ('new', 'open', 'waiting_on_patient', 'closed')),
      ADD CONSTRAINT message_threads_billing_account CHECK ((topic = 'billing') = (guarantor_account_id IS NOT NULL)),
      ADD CONSTRAINT message_threads_clock CHECK ((clock_started_at IS NULL) = (due_at IS NULL) AND business_minutes_used >= 0),
      ADD CONSTRAINT message_threads_clock_runs CHECK ((status IN ('new', 'open')) = (clock_started_at IS NOT NULL)),
      ADD CONSTRAINT message_threads_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      ADD CONSTRAINT message_threads_subject_length CHECK (char_length(subject) BETWEEN 1 AND 200)`);

  // Every message of a thread: the patient's, staff replies (sent to the portal) and internal
  // notes (never shown to the patient). Append-only: a sent message is never edited.
  await knex.schema.createTable('thread_messages', (table) => {
    table.bigIncrements('id');
    table.bigInteger('thread_id').notNullable().references('id').inTable('message_threads');
    table.text('kind').notNullable();
    table.text('body').notNullable();
    table.bigInteger('author_staff_id').references('id').inTable('staff_users');
    table.bigInteger('saved_reply_id').references('id').inTable('saved_replies').onDelete('SET NULL');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['thread_id', 'id']);
  });
  await knex.raw(`
    ALTER TABLE thread_messages
      ADD CONSTRAINT thread_messages_kind CHECK (kind IN ('patient', 'staff_reply', 'internal_note')),
      ADD CONSTRAINT thread_messages_author CHECK ((kind = 'patient') = (author_staff_id IS NULL)),
      ADD CONSTRAINT thread_messages_body_length CHECK (char_length(body) BETWEEN 1 AND 10000)`);

  // Who is writing a reply now: each staff member's draft announces itself for a short while and
  // renews while they type, so a second person opening the thread is told before sending.
  await knex.schema.createTable('thread_drafters', (table) => {
    table.bigInteger('thread_id').notNullable().references('id').inTable('message_threads');
    table.bigInteger('staff_user_id').notNullable().references('id').inTable('staff_users');
    table.timestamp('until', { useTz: true }).notNullable();
    table.primary(['thread_id', 'staff_user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('thread_drafters');
  await knex.schema.dropTable('thread_messages');
  await knex.schema.dropTable('message_threads');
}
