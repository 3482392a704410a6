import type { Knex } from 'knex';

/**
 * The business calendar's holidays, data that admins manage (DOMAIN: "US federal holidays
 * (editable list)"). The API adds each coming year's federal holidays once, from a holiday
 * library, and notes the year in `business_calendar_years`, so a holiday an admin removed is
 * not put back. Business hours are settings (business_day.opens, business_day.closes).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('business_holidays', (table) => {
    table.bigIncrements('id');
    table.date('date').notNullable().unique();
    table.text('name').notNullable();
    table.text('source').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.bigInteger('updated_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw("ALTER TABLE business_holidays ADD CONSTRAINT business_holidays_source CHECK (source IN ('federal', 'admin'))");
  await knex.schema.createTable('business_calendar_years', (table) => {
    table.integer('year').primary();
    table.timestamp('federal_holidays_added_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('business_calendar_years');
  await knex.schema.dropTable('business_holidays');
}
