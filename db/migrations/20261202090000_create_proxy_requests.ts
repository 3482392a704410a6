import type { Knex } from 'knex';

/**
 * Requests for proxy access the portal sends for a requester (an adult with an own portal
 * account) to see a patient's record. The patient is named as the requester typed them and
 * linked when exactly one patient matches. ROI decides on a business-day clock that pauses while
 * ROI waits on the requester: `clock_started_at` is when the running stretch began (null while
 * paused or once decided), `business_minutes_used` what earlier stretches spent, and `due_at`
 * the deadline while the clock runs (kept in the row so the queue sorts and filters by it).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('proxy_requests', (table) => {
    table.bigIncrements('id');
    table.timestamp('submitted_at', { useTz: true }).notNullable();
    table.bigInteger('requester_account_id').notNullable().references('id').inTable('portal_accounts');
    table.bigInteger('patient_id').references('id').inTable('patients');
    table.text('patient_family_name').notNullable();
    table.text('patient_given_name').notNullable();
    table.date('patient_date_of_birth').notNullable();
    table.text('patient_mrn');
    table.text('relationship').notNullable();
    table.text('kind').notNullable();
    table.text('note');
    table.text('status').notNullable().defaultTo('submitted');
    table.bigInteger('assignee_id').references('id').inTable('staff_users');
    table.timestamp('clock_started_at', { useTz: true });
    table.integer('business_minutes_used').notNullable().defaultTo(0);
    table.timestamp('due_at', { useTz: true });
    table.text('question');
    table.timestamp('question_asked_at', { useTz: true });
    table.text('decision_reason');
    table.jsonb('checklist');
    table.timestamp('decided_at', { useTz: true });
    table.bigInteger('decided_by').references('id').inTable('staff_users');
    table.integer('version').notNullable().defaultTo(1);
    table.index(['status', 'due_at']);
    table.index(['patient_id']);
    table.index(['requester_account_id']);
  });
  await knex.raw(`
    ALTER TABLE proxy_requests
      ADD CONSTRAINT proxy_requests_relationship CHECK (relationship IN
        ('parent', 'legal_guardian', 'power_of_attorney', 'health_care_proxy', 'court_appointed_guardian', 'authorized_by_patient')),
      ADD CONSTRAINT proxy_requests_kind CHECK (kind IN ('minor', 'adult')),
      ADD CONSTRAINT proxy_requests_status CHECK (status IN ('submitted', 'more_info_requested', 'approved', 'denied', 'withdrawn')),
      ADD CONSTRAINT proxy_requests_question CHECK (status <> 'more_info_requested' OR question IS NOT NULL),
      ADD CONSTRAINT proxy_requests_denial_reason CHECK (status <> 'denied' OR decision_reason IS NOT NULL),
      ADD CONSTRAINT proxy_requests_decider CHECK (status NOT IN ('approved', 'denied') OR (decided_at IS NOT NULL AND decided_by IS NOT NULL)),
      ADD CONSTRAINT proxy_requests_clock CHECK ((clock_started_at IS NULL) = (due_at IS NULL) AND business_minutes_used >= 0)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('proxy_requests');
}
