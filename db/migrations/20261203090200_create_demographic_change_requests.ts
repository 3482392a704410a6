import type { Knex } from 'knex';

/**
 * Changes a patient asks for from the portal, reviewed by ROI field by field. A request is
 * reviewed once, every field at the same time, so the patient hears one outcome. Each field keeps
 * the value the record had when the request arrived: a field whose value has changed since is
 * shown as such and cannot be accepted without saying so.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('demographic_change_requests', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.bigInteger('portal_account_id').notNullable().references('id').inTable('portal_accounts');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.timestamp('due_at', { useTz: true }).notNullable();
    table.text('status').notNullable().defaultTo('submitted');
    table.timestamp('reviewed_at', { useTz: true });
    table.bigInteger('reviewed_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['status', 'due_at']);
    table.index(['patient_id']);
  });
  await knex.raw(`
    ALTER TABLE demographic_change_requests
      ADD CONSTRAINT demographic_change_requests_status CHECK (status IN ('submitted', 'reviewed')),
      ADD CONSTRAINT demographic_change_requests_reviewer CHECK ((status = 'reviewed') = (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL))`);

  await knex.schema.createTable('demographic_change_request_fields', (table) => {
    table.bigInteger('request_id').notNullable().references('id').inTable('demographic_change_requests');
    table.text('field').notNullable();
    table.jsonb('value_at_request');
    table.jsonb('requested_value');
    table.text('decision').notNullable().defaultTo('pending');
    table.text('reason');
    table.primary(['request_id', 'field']);
  });
  await knex.raw(`
    ALTER TABLE demographic_change_request_fields
      ADD CONSTRAINT demographic_change_request_fields_field CHECK (field IN
        ('race', 'ethnicity', 'preferred_language', 'sexual_orientation', 'gender_identity', 'address', 'email', 'phone')),
      ADD CONSTRAINT demographic_change_request_fields_decision CHECK (decision IN ('pending', 'accepted', 'rejected')),
      ADD CONSTRAINT demographic_change_request_fields_reason CHECK (decision <> 'rejected' OR reason IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('demographic_change_request_fields');
  await knex.schema.dropTable('demographic_change_requests');
}
