import type { Knex } from 'knex';

/**
 * Lab results from the EHR feed, one row per accession number. `value` is the result as the lab
 * wrote it; `value_numeric` is the same number when it is one (what a chart plots), and the
 * reference range's bounds likewise. `released_at` is when the result last reached the portal:
 * null while a hold keeps it back; `first_released_at` when it first did, so a later correction
 * knows the patient could have seen the earlier value even if a hold has since taken it back. A corrected result keeps its history in `result_corrections`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('results', (table) => {
    table.bigIncrements('id');
    table.text('accession_number').notNullable().unique();
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.text('loinc_code').notNullable();
    table.text('test_name').notNullable();
    table.text('value').notNullable();
    table.decimal('value_numeric');
    table.text('unit');
    table.text('reference_range');
    table.decimal('reference_low');
    table.decimal('reference_high');
    table.text('abnormal_flag');
    table.text('category').notNullable().references('code').inTable('result_categories');
    table.timestamp('performed_at', { useTz: true }).notNullable();
    table.timestamp('resulted_at', { useTz: true }).notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.timestamp('released_at', { useTz: true });
    table.timestamp('first_released_at', { useTz: true });
    table.timestamp('corrected_at', { useTz: true });
    table.integer('corrections').notNullable().defaultTo(0);
    table.integer('version').notNullable().defaultTo(1);
    table.index(['patient_id', 'resulted_at']);
    table.index(['patient_id', 'loinc_code', 'performed_at']);
  });
  await knex.raw(`
    ALTER TABLE results
      ADD CONSTRAINT results_loinc_code CHECK (loinc_code ~ '^[0-9]{1,7}-[0-9]$'),
      ADD CONSTRAINT results_abnormal_flag CHECK (abnormal_flag IN ('L', 'H', 'LL', 'HH', 'A', 'AA', 'N')),
      ADD CONSTRAINT results_times CHECK (resulted_at >= performed_at),
      ADD CONSTRAINT results_corrected CHECK ((corrections = 0) = (corrected_at IS NULL)),
      ADD CONSTRAINT results_first_released CHECK (released_at IS NULL OR first_released_at IS NOT NULL)`);

  // Every correction of a result: what the lab sent before and after (only the changed fields),
  // and whether the patient had already seen the old value. Rows are only ever added.
  await knex.schema.createTable('result_corrections', (table) => {
    table.bigIncrements('id');
    table.bigInteger('result_id').notNullable().references('id').inTable('results');
    table.timestamp('corrected_at', { useTz: true }).notNullable();
    table.bigInteger('imported_by').references('id').inTable('staff_users');
    table.text('file_name').notNullable();
    table.jsonb('old_values').notNullable();
    table.jsonb('new_values').notNullable();
    table.boolean('was_released').notNullable();
    table.index(['result_id', 'corrected_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('result_corrections');
  await knex.schema.dropTable('results');
}
