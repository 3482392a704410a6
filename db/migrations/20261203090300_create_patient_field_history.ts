import type { Knex } from 'knex';

/**
 * Every change to a patient's demographic fields: old and new value, who, when, why, and where
 * it came from (a staff correction, a patient's change request, or the EHR import). `version` is
 * the record's version the change produced, so a refused save can be shown what came after the
 * copy it started from. Rows are only ever added.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('patient_field_history', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.text('field').notNullable();
    table.jsonb('old_value');
    table.jsonb('new_value');
    table.timestamp('changed_at', { useTz: true }).notNullable();
    table.bigInteger('changed_by').references('id').inTable('staff_users');
    table.text('source').notNullable();
    table.text('reason');
    table.bigInteger('change_request_id').references('id').inTable('demographic_change_requests');
    table.bigInteger('document_id').references('id').inTable('documents');
    table.integer('version').notNullable();
    table.index(['patient_id', 'changed_at']);
    table.index(['patient_id', 'field', 'changed_at']);
  });
  await knex.raw(`
    ALTER TABLE patient_field_history
      ADD CONSTRAINT patient_field_history_field CHECK (field IN
        ('family_name', 'given_name', 'date_of_birth', 'sex', 'race', 'ethnicity', 'preferred_language',
         'sexual_orientation', 'gender_identity', 'address', 'email', 'phone')),
      ADD CONSTRAINT patient_field_history_source CHECK (source IN ('staff_correction', 'change_request', 'import')),
      ADD CONSTRAINT patient_field_history_request CHECK ((source = 'change_request') = (change_request_id IS NOT NULL)),
      ADD CONSTRAINT patient_field_history_reason CHECK (source <> 'staff_correction' OR reason IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('patient_field_history');
}
