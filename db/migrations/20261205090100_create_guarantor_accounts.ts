import type { Knex } from 'knex';

/**
 * Guarantor accounts as the billing system exports them: the person responsible for the bill,
 * the patients whose care it covers, the balance in cents (negative is a credit) and the service
 * location billing it. Imported, never typed: the account number is the natural key every
 * import merges on. A closed account stays for the messages that name it, and is no account at
 * all to a guest looking it up.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('guarantor_accounts', (table) => {
    table.bigIncrements('id');
    table.text('account_number').notNullable().unique();
    table.text('guarantor_family_name').notNullable();
    table.text('guarantor_given_name').notNullable();
    table.text('address_line1').notNullable();
    table.text('city').notNullable();
    table.text('state').notNullable();
    table.text('zip').notNullable();
    table.bigInteger('balance_cents').notNullable();
    table.bigInteger('service_location_id').notNullable().references('id').inTable('service_locations');
    table.timestamp('closed_at', { useTz: true });
    table.timestamp('imported_at', { useTz: true }).notNullable();
    table.bigInteger('imported_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['service_location_id']);
  });
  // Guests type the family name as the bill shows it, in any case: found by the same key.
  await knex.raw('CREATE INDEX guarantor_accounts_family_name_key_idx ON guarantor_accounts (patient_name_key(guarantor_family_name))');
  // `\\?` is a literal question mark to knex, which reads a bare one in raw SQL as a binding.
  await knex.raw(`
    ALTER TABLE guarantor_accounts
      ADD CONSTRAINT guarantor_accounts_state CHECK (state ~ '^[A-Z]{2}$'),
      ADD CONSTRAINT guarantor_accounts_zip CHECK (zip ~ '^[0-9]{5}(-[0-9]{4})\\?$')`);
  await knex.schema.createTable('guarantor_account_patients', (table) => {
    table.bigInteger('guarantor_account_id').notNullable().references('id').inTable('guarantor_accounts').onDelete('CASCADE');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.primary(['guarantor_account_id', 'patient_id']);
    table.index(['patient_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('guarantor_account_patients');
  await knex.schema.dropTable('guarantor_accounts');
}
