import type { Knex } from 'knex';

/**
 * Every hold ever placed on a result: the hospital's evidence that each delay fits an exception
 * of 45 CFR 171. A hold names its basis and what that basis needs (the patient's request and its
 * date; the clinician's individual determination of harm; the state-law rule's citation), who
 * decided, and when it ends (`ends_at`; null only for a patient's "until I ask"). A result has at
 * most one open hold. An ended hold says how it ended (released by the job at its end, released
 * now, its basis withdrawn, or superseded by a hold on another basis without the result being
 * released) and, except for the release job, who ended it and why. Each extension is kept in
 * `result_hold_extensions` with who renewed the determination and on what.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('result_holds', (table) => {
    table.bigIncrements('id');
    table.bigInteger('result_id').notNullable().references('id').inTable('results');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.text('basis').notNullable();
    table.text('reason').notNullable();
    table.timestamp('placed_at', { useTz: true }).notNullable();
    table.bigInteger('placed_by').references('id').inTable('staff_users');
    table.text('decided_by_name').notNullable();
    table.timestamp('ends_at', { useTz: true });
    table.boolean('until_patient_asks').notNullable().defaultTo(false);
    table.date('requested_on');
    table.text('harm_type');
    table.text('citation');
    table.text('category').references('code').inTable('result_categories');
    table.timestamp('ended_at', { useTz: true });
    table.text('ended_how');
    table.bigInteger('ended_by').references('id').inTable('staff_users');
    table.text('end_reason');
    table.integer('extensions').notNullable().defaultTo(0);
    table.integer('version').notNullable().defaultTo(1);
    table.index(['placed_at']);
    table.index(['patient_id', 'placed_at']);
  });
  await knex.raw(`
    ALTER TABLE result_holds
      ADD CONSTRAINT result_holds_basis CHECK (basis IN ('patient_request', 'preventing_harm', 'state_law')),
      ADD CONSTRAINT result_holds_reason CHECK (length(reason) BETWEEN 1 AND 2000),
      ADD CONSTRAINT result_holds_end CHECK ((ends_at IS NULL) = until_patient_asks),
      ADD CONSTRAINT result_holds_patient_request CHECK (basis <> 'patient_request' OR requested_on IS NOT NULL),
      ADD CONSTRAINT result_holds_only_patient_waits CHECK (basis = 'patient_request' OR NOT until_patient_asks),
      ADD CONSTRAINT result_holds_preventing_harm CHECK (basis <> 'preventing_harm' OR (harm_type IS NOT NULL AND placed_by IS NOT NULL)),
      ADD CONSTRAINT result_holds_state_law CHECK (basis <> 'state_law' OR (citation IS NOT NULL AND category IS NOT NULL)),
      ADD CONSTRAINT result_holds_ended_how CHECK (ended_how IN ('expired', 'released_now', 'basis_withdrawn', 'superseded', 'recategorized')),
      ADD CONSTRAINT result_holds_ending CHECK ((ended_at IS NULL) = (ended_how IS NULL)),
      -- The release job ends a hold at its date; an import run by a script may correct a result
      -- out of a state-law category: neither is a staff member.
      ADD CONSTRAINT result_holds_ended_by CHECK (ended_how IS NULL OR ended_how IN ('expired', 'recategorized') OR (ended_by IS NOT NULL AND end_reason IS NOT NULL))`);
  // One open hold per result, and the release job's way to what is due.
  await knex.raw('CREATE UNIQUE INDEX result_holds_one_open ON result_holds (result_id) WHERE ended_at IS NULL');
  await knex.raw('CREATE INDEX result_holds_open_by_end ON result_holds (ends_at) WHERE ended_at IS NULL');

  await knex.schema.createTable('result_hold_extensions', (table) => {
    table.bigIncrements('id');
    table.bigInteger('hold_id').notNullable().references('id').inTable('result_holds');
    table.timestamp('extended_at', { useTz: true }).notNullable();
    table.bigInteger('extended_by').notNullable().references('id').inTable('staff_users');
    table.text('decided_by_name').notNullable();
    table.timestamp('previous_ends_at', { useTz: true });
    table.timestamp('new_ends_at', { useTz: true });
    table.date('requested_on');
    table.text('harm_type');
    table.text('reason').notNullable();
    table.index(['hold_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('result_hold_extensions');
  await knex.schema.dropTable('result_holds');
}
