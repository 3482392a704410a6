import type { Knex } from 'knex';

/**
 * Self sign-ups whose identity check failed in the portal: what the person entered, and the
 * patient it matches when exactly one does. Support works them as a queue.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('identity_check_failures', (table) => {
    table.bigIncrements('id');
    table.timestamp('reported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.text('family_name').notNullable();
    table.text('given_name').notNullable();
    table.date('date_of_birth').notNullable();
    table.text('email');
    table.text('phone');
    table.text('reason').notNullable();
    table.bigInteger('patient_id').references('id').inTable('patients');
    table.text('status').notNullable().defaultTo('open');
    table.timestamp('resolved_at', { useTz: true });
    table.bigInteger('resolved_by').references('id').inTable('staff_users');
    table.text('resolution');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['status', 'reported_at']);
    table.index(['patient_id']);
  });
  await knex.raw(`
    ALTER TABLE identity_check_failures
      ADD CONSTRAINT identity_check_failures_status CHECK (status IN ('open', 'resolved')),
      ADD CONSTRAINT identity_check_failures_resolution CHECK (status = 'open' OR resolution IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('identity_check_failures');
}
