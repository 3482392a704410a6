import type { Knex } from 'knex';

/**
 * Answers a team gives again and again, kept by admins per team (billing, support, roi). The
 * body may name placeholders, such as {{patient_first_name}} or {{billing_phone}}, that the
 * console fills in for the thread at hand before staff send it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('saved_replies', (table) => {
    table.bigIncrements('id');
    table.text('team').notNullable();
    table.text('title').notNullable();
    table.text('body').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.bigInteger('updated_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw('CREATE UNIQUE INDEX saved_replies_team_title_idx ON saved_replies (team, lower(title))');
  await knex.raw(`
    ALTER TABLE saved_replies
      ADD CONSTRAINT saved_replies_team CHECK (team IN ('billing', 'support', 'roi')),
      ADD CONSTRAINT saved_replies_body_length CHECK (char_length(body) BETWEEN 1 AND 10000)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('saved_replies');
}
