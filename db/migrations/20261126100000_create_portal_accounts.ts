import type { Knex } from 'knex';

/**
 * A patient's portal account, created when the portal redeems an activation code. Usernames are
 * unique without regard to case. `version` guards staff edits (unlock, deactivate) against
 * overwriting each other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portal_accounts', (table) => {
    table.bigIncrements('id');
    table.bigInteger('patient_id').notNullable().unique().references('id').inTable('patients');
    table.specificType('username', 'citext').notNullable().unique();
    table.text('status').notNullable().defaultTo('active');
    table.timestamp('activated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    table.timestamp('last_sign_in_at', { useTz: true });
    table.timestamp('locked_at', { useTz: true });
    table.timestamp('deactivated_at', { useTz: true });
    table.bigInteger('deactivated_by').references('id').inTable('staff_users');
    table.text('deactivation_reason');
    table.integer('version').notNullable().defaultTo(1);
    table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE portal_accounts
      ADD CONSTRAINT portal_accounts_status_values CHECK (status IN ('active', 'locked', 'deactivated')),
      ADD CONSTRAINT portal_accounts_deactivation_reason CHECK (status <> 'deactivated' OR deactivation_reason IS NOT NULL)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('portal_accounts');
}
