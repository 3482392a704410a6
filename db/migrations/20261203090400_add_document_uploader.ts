import type { Knex } from 'knex';

/**
 * Staff now upload documents too (the legal proof behind a correction of a name, birth date or
 * sex): such a document names who uploaded it. Portal documents came from the patient's side.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (table) => {
    table.bigInteger('uploaded_by').references('id').inTable('staff_users');
  });
  await knex.raw(`ALTER TABLE documents ADD CONSTRAINT documents_uploader CHECK ((source = 'staff') = (uploaded_by IS NOT NULL)) NOT VALID`);
  await knex.raw('ALTER TABLE documents VALIDATE CONSTRAINT documents_uploader');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('documents', (table) => {
    table.dropColumn('uploaded_by');
  });
}
