import type { Knex } from 'knex';

/**
 * The audit trail. Append-only in the database itself: triggers refuse UPDATE, DELETE and
 * TRUNCATE whatever the client, so no application bug or stray psql session can rewrite history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_events', (table) => {
    table.bigIncrements('id');
    table.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // No foreign keys: an audit row must outlive anything it mentions.
    table.bigInteger('staff_user_id');
    table.text('staff_username');
    table.specificType('roles', 'text[]').notNullable().defaultTo('{}');
    table.text('action').notNullable();
    table.text('resource').notNullable();
    table.text('resource_id');
    table.bigInteger('patient_id');
    table.specificType('client_address', 'inet');
    table.text('request_id');
    table.text('outcome').notNullable();
    table.jsonb('details');
  });
  await knex.raw("ALTER TABLE audit_events ADD CONSTRAINT audit_events_outcome_values CHECK (outcome IN ('success', 'denied', 'failed'))");
  await knex.raw('CREATE INDEX audit_events_occurred_at_idx ON audit_events (occurred_at DESC, id DESC)');
  await knex.raw('CREATE INDEX audit_events_patient_idx ON audit_events (patient_id, occurred_at DESC, id DESC) WHERE patient_id IS NOT NULL');
  await knex.raw('CREATE INDEX audit_events_staff_user_idx ON audit_events (staff_user_id, occurred_at DESC, id DESC)');
  await knex.raw(`
    CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await knex.raw(`
    CREATE TRIGGER audit_events_no_update_or_delete
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
  await knex.raw(`
    CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE audit_events');
  await knex.raw('DROP FUNCTION audit_events_refuse_change()');
}
