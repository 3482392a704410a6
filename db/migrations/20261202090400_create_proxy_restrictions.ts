import type { Knex } from 'knex';

/**
 * What a patient of 13 to 17 with their own portal account hides from one proxy beyond what the
 * age tier hides: some categories, or everything. One row per patient and proxy; lifting it
 * deletes the row (the audit trail keeps both).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('proxy_restrictions', (table) => {
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.bigInteger('proxy_account_id').notNullable().references('id').inTable('portal_accounts');
    table.boolean('hides_all').notNullable().defaultTo(false);
    table.specificType('hidden_categories', 'text[]').notNullable();
    table.timestamp('set_at', { useTz: true }).notNullable();
    table.primary(['patient_id', 'proxy_account_id']);
  });
  await knex.raw(`
    ALTER TABLE proxy_restrictions
      ADD CONSTRAINT proxy_restrictions_categories CHECK (hidden_categories <@ ARRAY['reproductive_sexual_health', 'sti_hiv', 'mental_health', 'substance_use', 'test_results', 'medications', 'messages', 'billing', 'appointments']::text[]),
      ADD CONSTRAINT proxy_restrictions_something CHECK (hides_all OR cardinality(hidden_categories) > 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('proxy_restrictions');
}
