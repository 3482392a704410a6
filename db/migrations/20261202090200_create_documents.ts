import type { Knex } from 'knex';

/**
 * Documents patients and their representatives send (a proxy authorization form, a power of
 * attorney): PDF, PNG or JPEG as judged by their content, at most 10 MB, kept with their SHA-256
 * so a copy can be proven the same later. Listed among the patient's documents once the patient is
 * known; a proxy request's own are linked to it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').references('id').inTable('patients');
    table.bigInteger('proxy_request_id').references('id').inTable('proxy_requests');
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.text('source').notNullable();
    table.text('file_name').notNullable();
    table.text('media_type').notNullable();
    table.integer('bytes').notNullable();
    table.text('sha256').notNullable();
    table.binary('content').notNullable();
    table.index(['patient_id']);
    table.index(['proxy_request_id']);
  });
  await knex.raw(`
    ALTER TABLE documents
      ADD CONSTRAINT documents_source CHECK (source IN ('portal', 'staff')),
      ADD CONSTRAINT documents_media_type CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
      ADD CONSTRAINT documents_size CHECK (bytes > 0 AND bytes <= 10485760 AND octet_length(content) = bytes),
      ADD CONSTRAINT documents_sha256 CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      ADD CONSTRAINT documents_file_name CHECK (length(file_name) BETWEEN 1 AND 200)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('documents');
}
