import type { Knex } from 'knex';

/**
 * Activation codes. The code is never stored: its first characters (the selector) find the row,
 * the rest is checked against an argon2id hash with its own salt. A code is live while it has
 * no redeemed, revoked or locked time and has not expired; issuing revokes the live ones, under a
 * lock on the patient's row, so at most one is live per patient.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('activation_codes', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.text('selector').notNullable().unique();
    table.text('verifier_hash').notNullable();
    table.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.bigInteger('issued_by').references('id').inTable('staff_users');
    table.text('location');
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.integer('failed_attempts').notNullable().defaultTo(0);
    table.timestamp('redeemed_at', { useTz: true });
    table.timestamp('revoked_at', { useTz: true });
    table.timestamp('locked_at', { useTz: true });
  });
  await knex.raw('CREATE INDEX activation_codes_patient_idx ON activation_codes (patient_id, issued_at DESC)');
  await knex.raw('CREATE INDEX activation_codes_issued_at_idx ON activation_codes (issued_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('activation_codes');
}
