import type { Knex } from 'knex';
import pg from 'pg';
import { JOB_SCHEMA } from './job-queue.ts';

/**
 * Two database roles keep the audit trail out of the API's reach. Migrations run as the schema's
 * owner; the API runs as a login role that is a member of the app role granted below: it reads
 * and writes the tables, may only INSERT and SELECT the audit trail, only read the role catalogue,
 * and, owning nothing, can neither ALTER (disable its triggers), TRUNCATE, UPDATE nor DELETE it.
 */

/** Tables the API may read and append to, never change: the audit trail and the histories of records. */
const APPEND_ONLY_TABLES = ['audit_events', 'patient_field_history', 'result_corrections', 'result_hold_extensions'];
/**
 * Read, never written, by the API: knex's bookkeeping (to refuse a stale schema), and the role
 * catalogue, which says which roles read patient data (the database keeps admin apart from them).
 */
const READ_ONLY_TABLES = ['knex_migrations', 'knex_migrations_lock', 'roles'];

/** The app role of a database: named after it, so installations sharing one server stay apart. */
export const appRoleOf = (database: string) => `${database}_app`;

/** The login role PortalDesk creates for the API where it sets the database up itself (embedded, tests). */
export const apiLoginRoleOf = (database: string) => `${database}_api`;

// Role names are cluster-wide: concurrent CREATE ROLEs (parallel test databases) must queue.
const ROLE_CATALOG_LOCK = 7_361_002_201;

export type AppRoleOutcome = { role: string; granted: true } | { role: string; granted: false; reason: string };

/**
 * Creates the app role when missing and gives it exactly its grants; idempotent, run as the owner
 * after every migration so new tables are covered. When the role is missing and the owner may not
 * create roles, answers why instead of failing: the API then runs with the owner's rights, and
 * says so at start-up.
 */
export async function grantAppRole(knex: Knex): Promise<AppRoleOutcome> {
  return knex.transaction(async (trx) => {
    const {
      rows: [{ database }],
    } = await trx.raw<{ rows: { database: string }[] }>('SELECT current_database() AS database');
    const role = appRoleOf(database);
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [ROLE_CATALOG_LOCK]);
    const { rowCount: exists } = await trx.raw('SELECT 1 FROM pg_roles WHERE rolname = ?', [role]);
    if (!exists) {
      const {
        rows: [me],
      } = await trx.raw<{ rows: { may: boolean }[] }>('SELECT rolsuper OR rolcreaterole AS may FROM pg_roles WHERE rolname = current_user');
      if (!me.may) {
        return { role, granted: false, reason: `the role ${role} does not exist and the migrating user may not create roles` };
      }
      await trx.raw(`CREATE ROLE ${pg.escapeIdentifier(role)} NOLOGIN`);
    }
    const to = pg.escapeIdentifier(role);
    await trx.raw(`GRANT CONNECT, TEMPORARY ON DATABASE ${pg.escapeIdentifier(database)} TO ${to}`);
    await trx.raw(`GRANT USAGE ON SCHEMA public TO ${to}`);
    await trx.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${to}`);
    await trx.raw(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${to}`);
    // The job queue's rows (pg-boss's schema, installed by the owner): read and written, never altered.
    const {
      rows: [{ jobSchema }],
    } = await trx.raw<{ rows: { jobSchema: boolean }[] }>('SELECT to_regnamespace(?) IS NOT NULL AS "jobSchema"', [JOB_SCHEMA]);
    if (jobSchema) {
      await trx.raw(`GRANT USAGE ON SCHEMA ${pg.escapeIdentifier(JOB_SCHEMA)} TO ${to}`);
      await trx.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${pg.escapeIdentifier(JOB_SCHEMA)} TO ${to}`);
    }
    // Before the first migration these tables do not exist yet; the next run narrows them.
    const { rows: existing } = await trx.raw<{ rows: { name: string }[] }>(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relname = ANY(?)`,
      [[...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES]],
    );
    for (const { name } of existing) {
      const table = pg.escapeIdentifier(name);
      await trx.raw(`REVOKE ALL ON ${table} FROM ${to}`);
      await trx.raw(`GRANT ${APPEND_ONLY_TABLES.includes(name) ? 'SELECT, INSERT' : 'SELECT'} ON ${table} TO ${to}`);
    }
    return { role, granted: true };
  });
}

/**
 * Creates (or gives a new password to) a login role for the API, a member of the app role and of
 * nothing else. Run as a user allowed to create roles.
 */
export async function ensureApiLoginRole(client: pg.ClientBase, database: string, password: string): Promise<string> {
  const login = apiLoginRoleOf(database);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ROLE_CATALOG_LOCK]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login]);
    const name = pg.escapeIdentifier(login);
    // The password goes in as a literal (CREATE ROLE takes no parameters), escaped by pg itself.
    const secret = client.escapeLiteral(password);
    await client.query(rowCount ? `ALTER ROLE ${name} LOGIN PASSWORD ${secret}` : `CREATE ROLE ${name} LOGIN PASSWORD ${secret}`);
    await client.query(`GRANT ${pg.escapeIdentifier(appRoleOf(database))} TO ${name}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return login;
}

/** Drops the roles PortalDesk made for a database that is gone (test teardown). */
export async function dropDatabaseRoles(client: pg.ClientBase, database: string): Promise<void> {
  for (const role of [apiLoginRoleOf(database), appRoleOf(database)]) {
    await client.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
  }
}

/** What the connected role may do to the audit trail beyond appending to it. */
export interface ConnectionRole {
  role: string;
  superuser: boolean;
  /** True when this role owns the audit table (or is a member of its owner): it could alter or truncate it. */
  ownsAuditTrail: boolean;
}

export async function describeConnectionRole(knex: Knex): Promise<ConnectionRole> {
  const {
    rows: [row],
  } = await knex.raw<{ rows: { role: string; superuser: boolean; owns: boolean }[] }>(`
    SELECT current_user AS role,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
           coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c
                      WHERE c.oid = to_regclass('public.audit_events')), false) AS owns`);
  return { role: row.role, superuser: row.superuser, ownsAuditTrail: row.owns };
}
