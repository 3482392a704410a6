import type { Knex } from 'knex';

/**
 * Failed redemptions of each code counted per device (the portal's token and the patient's
 * address): a device that fails too often is shut out of that code only. The code itself locks
 * only on wrong birth dates given with the right code (`birth_date_failures`): whoever gives the
 * right code holds the letter, while a stranger who learned a code's first characters can only
 * guess at the rest, and cannot lock the patient's code that way.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('activation_codes', (table) => {
    table.integer('birth_date_failures').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('activation_code_failures', (table) => {
    table.bigInteger('activation_code_id').notNullable().references('id').inTable('activation_codes');
    table.text('device').notNullable();
    table.integer('failures').notNullable();
    table.timestamp('last_failed_at', { useTz: true }).notNullable();
    table.primary(['activation_code_id', 'device']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('activation_code_failures');
  await knex.schema.alterTable('activation_codes', (table) => table.dropColumn('birth_date_failures'));
}
