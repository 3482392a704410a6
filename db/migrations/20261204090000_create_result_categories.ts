import type { Knex } from 'knex';

/**
 * The categories a lab result is filed under, kept by admins. A category may count as one of the
 * sensitive record categories (hidden from some proxies by the age tiers and the patient's own
 * choices), and may carry a state-law standing rule: results in it wait `hold_days` before they
 * reach the portal (counseling first), under the citation the hospital gives.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('result_categories', (table) => {
    table.text('code').primary();
    table.text('name').notNullable();
    table.text('proxy_category');
    table.text('hold_citation');
    table.integer('hold_days');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.bigInteger('updated_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw(`
    ALTER TABLE result_categories
      ADD CONSTRAINT result_categories_code CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      ADD CONSTRAINT result_categories_name CHECK (length(name) BETWEEN 1 AND 100),
      ADD CONSTRAINT result_categories_proxy_category CHECK (proxy_category IN ('reproductive_sexual_health', 'sti_hiv', 'mental_health', 'substance_use')),
      ADD CONSTRAINT result_categories_rule CHECK ((hold_citation IS NULL) = (hold_days IS NULL)),
      ADD CONSTRAINT result_categories_hold_days CHECK (hold_days BETWEEN 1 AND 30),
      ADD CONSTRAINT result_categories_citation CHECK (length(hold_citation) BETWEEN 1 AND 300)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('result_categories');
}
