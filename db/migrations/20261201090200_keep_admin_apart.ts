import type { Knex } from 'knex';

/**
 * Administrators configure the system and never read patient data, so the admin role is never
 * held together with a role that does. Which roles read patient data is a column of the role
 * catalogue (written by the seed from the API's policy, as the owner: the API's role may only
 * read the catalogue); a constraint trigger refuses any role set that breaks the rule, whoever
 * writes it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('roles', (table) => {
    // Safe by default: a role nobody has described yet is taken to read patient data.
    table.boolean('reads_patient_data').notNullable().defaultTo(true);
  });
  await knex('roles').where({ name: 'admin' }).update({ reads_patient_data: false });

  const { rows: mixed } = await knex.raw<{ rows: { username: string }[] }>(`
    SELECT s.username FROM staff_users s
     WHERE EXISTS (SELECT 1 FROM staff_user_roles a WHERE a.staff_user_id = s.id AND a.role = 'admin')
       AND EXISTS (SELECT 1 FROM staff_user_roles o JOIN roles r ON r.name = o.role WHERE o.staff_user_id = s.id AND r.reads_patient_data)
     ORDER BY s.username`);
  if (mixed.length) {
    throw new Error(
      `These staff users hold admin together with a role that reads patient data: ${mixed.map((row) => row.username).join(', ')}. ` +
        'Give each of them either admin or their other roles (a second account for the other job), then migrate again.',
    );
  }

  // Names are schema-qualified and the search path fixed, so a same-named temporary table of the
  // caller's cannot stand in for the role catalogue (the API's role may create temporary tables).
  await knex.raw(`
    CREATE FUNCTION staff_user_roles_keep_admin_apart() RETURNS trigger LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp AS $$
    BEGIN
      -- Role changes of one staff member queue here, so two concurrent grants cannot both pass.
      PERFORM 1 FROM public.staff_users WHERE id = NEW.staff_user_id FOR NO KEY UPDATE;
      IF EXISTS (SELECT 1 FROM public.staff_user_roles WHERE staff_user_id = NEW.staff_user_id AND role = 'admin')
         AND EXISTS (SELECT 1 FROM public.staff_user_roles g JOIN public.roles r ON r.name = g.role
                      WHERE g.staff_user_id = NEW.staff_user_id AND r.reads_patient_data) THEN
        RAISE EXCEPTION 'admin cannot be held together with a role that reads patient data'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'staff_user_roles_admin_apart';
      END IF;
      RETURN NULL;
    END
    $$`);
  await knex.raw(`
    CREATE CONSTRAINT TRIGGER staff_user_roles_admin_apart
      AFTER INSERT OR UPDATE ON staff_user_roles
      FOR EACH ROW EXECUTE FUNCTION staff_user_roles_keep_admin_apart()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER staff_user_roles_admin_apart ON staff_user_roles');
  await knex.raw('DROP FUNCTION staff_user_roles_keep_admin_apart()');
  await knex.schema.alterTable('roles', (table) => table.dropColumn('reads_patient_data'));
}
