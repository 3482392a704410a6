import type { Knex } from 'knex';

/** Patients as the EHR extract gives them; PortalDesk never invents one. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('patients', (table) => {
    table.bigIncrements('id');
    table.text('mrn').notNullable().unique();
    table.text('family_name').notNullable();
    table.text('given_name').notNullable();
    table.date('date_of_birth').notNullable();
    table.text('sex').notNullable();
    table.date('deceased_date');
    table.text('phone');
    table.text('email');
    table.text('address_line1');
    table.text('address_line2');
    table.text('city');
    table.text('state');
    table.text('postal_code');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE patients
      ADD CONSTRAINT patients_sex_values CHECK (sex IN ('female', 'male', 'other', 'unknown')),
      ADD CONSTRAINT patients_state_format CHECK (state IS NULL OR state ~ '^[A-Z]{2}$'),
      ADD CONSTRAINT patients_deceased_after_birth CHECK (deceased_date IS NULL OR deceased_date >= date_of_birth)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('patients');
}
