import type { Knex } from 'knex';

/**
 * Who may see whose portal record: a proxy (a portal account) for a patient, at an access level,
 * from `starts_on` until `ends_on` (a power of attorney's expiry, say) or until it is ended
 * (`ended_at`: revoked by staff with a reason, or ended by itself at the end date or when a minor
 * turns 18). At most one relationship per proxy and patient is not ended.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('proxy_relationships', (table) => {
    table.bigIncrements('id');
    table.bigInteger('proxy_account_id').notNullable().references('id').inTable('portal_accounts');
    table.bigInteger('patient_id').notNullable().references('id').inTable('patients');
    table.text('relationship').notNullable();
    table.text('kind').notNullable();
    table.text('access_level').notNullable();
    table.date('starts_on').notNullable();
    table.date('ends_on');
    table.bigInteger('proxy_request_id').references('id').inTable('proxy_requests');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.bigInteger('created_by').references('id').inTable('staff_users');
    table.timestamp('ended_at', { useTz: true });
    table.text('end_cause');
    table.bigInteger('ended_by').references('id').inTable('staff_users');
    table.text('end_reason');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['patient_id']);
  });
  await knex.raw(`
    ALTER TABLE proxy_relationships
      ADD CONSTRAINT proxy_relationships_relationship CHECK (relationship IN
        ('parent', 'legal_guardian', 'power_of_attorney', 'health_care_proxy', 'court_appointed_guardian', 'authorized_by_patient')),
      ADD CONSTRAINT proxy_relationships_kind CHECK (kind IN ('minor', 'adult')),
      ADD CONSTRAINT proxy_relationships_access_level CHECK (access_level IN ('full', 'limited')),
      ADD CONSTRAINT proxy_relationships_dates CHECK (ends_on IS NULL OR ends_on >= starts_on),
      ADD CONSTRAINT proxy_relationships_end CHECK (
        (ended_at IS NULL AND end_cause IS NULL)
        OR (end_cause IN ('revoked', 'end_date', 'turned_adult', 'account_deactivated') AND ended_at IS NOT NULL)),
      ADD CONSTRAINT proxy_relationships_revoke_reason CHECK (end_cause IS DISTINCT FROM 'revoked' OR end_reason IS NOT NULL)`);
  await knex.raw('CREATE UNIQUE INDEX proxy_relationships_one_open ON proxy_relationships (proxy_account_id, patient_id) WHERE ended_at IS NULL');
  await knex.raw('CREATE INDEX proxy_relationships_proxy ON proxy_relationships (proxy_account_id) WHERE ended_at IS NULL');
  await knex.schema.alterTable('proxy_requests', (table) => {
    table.bigInteger('relationship_id').references('id').inTable('proxy_relationships');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('proxy_requests', (table) => table.dropColumn('relationship_id'));
  await knex.schema.dropTable('proxy_relationships');
}
