import type { Knex } from 'knex';

/**
 * Every change that can end or alter what a signed-in session may do (the session row itself, a
 * staff member's record or their roles) tells every listening API instance whose it was, on the
 * channel `portaldesk_staff_access`, with the staff member's id (never the session id, which is a
 * credential). Each instance keeps the sessions it read for a few seconds and forgets a staff
 * member's at once on this signal, so a deactivation, a role change or a sign-out takes effect on
 * every instance as soon as it commits, whatever code (or hand-written SQL) made it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION notify_staff_access_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
      changed bigint;
    BEGIN
      IF TG_TABLE_NAME = 'staff_users' THEN
        changed := OLD.id;
      ELSIF TG_OP = 'INSERT' THEN
        changed := NEW.staff_user_id;
      ELSE
        -- An instance caches a session under the staff member it had when read: the old one.
        changed := OLD.staff_user_id;
      END IF;
      IF changed IS NOT NULL THEN
        PERFORM pg_notify('portaldesk_staff_access', changed::text);
      END IF;
      RETURN NULL;
    END
    $$
  `);
  await knex.raw(`
    CREATE TRIGGER staff_sessions_notify_access AFTER UPDATE OR DELETE ON staff_sessions
      FOR EACH ROW EXECUTE FUNCTION notify_staff_access_change()
  `);
  await knex.raw(`
    CREATE TRIGGER staff_users_notify_access AFTER UPDATE ON staff_users
      FOR EACH ROW EXECUTE FUNCTION notify_staff_access_change()
  `);
  await knex.raw(`
    CREATE TRIGGER staff_user_roles_notify_access AFTER INSERT OR UPDATE OR DELETE ON staff_user_roles
      FOR EACH ROW EXECUTE FUNCTION notify_staff_access_change()
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER staff_user_roles_notify_access ON staff_user_roles');
  await knex.raw('DROP TRIGGER staff_users_notify_access ON staff_users');
  await knex.raw('DROP TRIGGER staff_sessions_notify_access ON staff_sessions');
  await knex.raw('DROP FUNCTION notify_staff_access_change()');
}
