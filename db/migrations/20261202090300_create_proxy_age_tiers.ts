import type { Knex } from 'knex';

/**
 * What parents and guardians see of a minor as the minor grows up, per state of residence (state
 * law differs): below `teen_from_age` everything; from it the `teen_hidden_categories` are hidden
 * from them (and the teen may hide more); at `adult_at_age` minor proxy access ends. The row
 * `default` applies to every state without its own. Admins keep them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('proxy_age_tiers', (table) => {
    table.text('state').primary();
    table.integer('teen_from_age').notNullable();
    table.integer('adult_at_age').notNullable();
    table.specificType('teen_hidden_categories', 'text[]').notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.bigInteger('updated_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw(`
    ALTER TABLE proxy_age_tiers
      ADD CONSTRAINT proxy_age_tiers_state CHECK (state = 'default' OR state ~ '^[A-Z]{2}$'),
      ADD CONSTRAINT proxy_age_tiers_ages CHECK (teen_from_age BETWEEN 1 AND 17 AND adult_at_age BETWEEN 18 AND 21 AND teen_from_age < adult_at_age),
      ADD CONSTRAINT proxy_age_tiers_categories CHECK (teen_hidden_categories <@ ARRAY['reproductive_sexual_health', 'sti_hiv', 'mental_health', 'substance_use']::text[])`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('proxy_age_tiers');
}
