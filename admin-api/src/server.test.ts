import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createKnex, pendingMigrations, type Knex } from '@portaldesk/db';
import { provisionTestDatabase, temporaryDataDirectory } from '@portaldesk/db/testing';
import { startServerProcess } from './testing/server-process.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('the server process', () => {
  it('when started without DATABASE_URL, then it runs on an embedded PostgreSQL with demo data, says how to sign in, and SIGTERM stops it all cleanly', async () => {
    const dataDir = await temporaryDataDirectory('portaldesk-server');
    cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_PASSWORD: 'a demo passphrase for tests' });
    expect(server.output()).toMatch(/Sign in as {2}front_desk, support, roi, clinical, billing, compliance, admin \(one demo account per role\)/);
    expect(server.output()).toMatch(/Password {4}a demo passphrase for tests/);

    const signIn = await fetch(`${server.baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'front_desk', password: 'a demo passphrase for tests' }),
    });
    expect(signIn.status).toBe(201);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const search = await fetch(`${server.baseUrl}/api/patients?filter=${encodeURIComponent('{"q":"s"}')}`, { headers: { cookie } });
    expect(search.status).toBe(200);
    expect((await search.json()).length).toBeGreaterThan(0);

    // The embedded database set up two roles by itself: the API's may not touch the audit trail.
    const [, , , port] = (await fs.readFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n');
    const apiPassword = (await fs.readFile(path.join(dataDir, 'api-password'), 'utf8')).trim();
    const asApi = new pg.Client({ host: '127.0.0.1', port: Number(port), database: 'portaldesk', user: 'portaldesk_api', password: apiPassword });
    await asApi.connect();
    try {
      await expect(asApi.query('ALTER TABLE audit_events DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
      await expect(asApi.query('TRUNCATE audit_events')).rejects.toThrow(/permission denied/);
      await expect(asApi.query("UPDATE audit_events SET action = 'rewritten'")).rejects.toThrow(/permission denied/);
      await expect(asApi.query('DELETE FROM audit_events')).rejects.toThrow(/permission denied/);
      expect(Number((await asApi.query("SELECT count(*) FROM audit_events WHERE action = 'sign-in'")).rows[0].count)).toBeGreaterThan(0);
    } finally {
      await asApi.end();
    }

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(existsSync(path.join(dataDir, 'pgdata', 'postmaster.pid'))).toBe(false);
    // A real first start: initdb, every migration and the whole demo (3,000 patients, results,
    // messages) take about 30 s on a loaded 2-core machine, beside the other test files.
  }, 120_000);

  it('when DATABASE_URL has a migration pending, then the start is refused with what to run, and MIGRATE_ON_START=true applies it', async () => {
    const database = await provisionTestDatabase('portaldesk_pending');
    cleanups.push(() => database.teardown());
    const owner = createKnex(database.ownerConnectionString, 1);
    try {
      // Undo the newest migration, as if this code were one release ahead of the database.
      const { name } = await owner('knex_migrations').first('name').orderBy('id', 'desc');
      const newest = (await import(new URL(`../../db/migrations/${name}`, import.meta.url).href)) as { down(knex: Knex): Promise<void> };
      await newest.down(owner);
      await owner('knex_migrations').where({ name }).delete();

      const refused = await startServerProcess({ DATABASE_URL: database.connectionString }, { expectExit: true });
      expect(await refused.exit).toBe(1);
      expect(refused.output()).toContain(`1 database migration(s) are pending (${name} the newest). Apply the migrations with \`npm run migrate\``);

      const migrating = await startServerProcess({
        DATABASE_URL: database.connectionString,
        MIGRATION_DATABASE_URL: database.ownerConnectionString,
        MIGRATE_ON_START: 'true',
      });
      migrating.child.kill('SIGTERM');
      expect(await migrating.exit).toBe(0);
      expect(await pendingMigrations(owner)).toEqual([]);
    } finally {
      await owner.destroy();
    }
  });

  it('when DATABASE_URL names an empty database, then it starts without seeding any demo staff or patients', async () => {
    const database = await provisionTestDatabase('portaldesk_external');
    cleanups.push(() => database.teardown());
    const server = await startServerProcess({ DATABASE_URL: database.connectionString, DEMO_PASSWORD: 'a demo passphrase for tests' });
    expect(server.output()).toMatch(/npm run staff:create/);
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
    const knex = createKnex(database.connectionString, 1);
    try {
      const [{ count: staff }] = await knex('staff_users').count({ count: '*' });
      const [{ count: patients }] = await knex('patients').count({ count: '*' });
      expect([Number(staff), Number(patients)]).toEqual([0, 0]);
    } finally {
      await knex.destroy();
    }
  });

  it('when SIGTERM arrives with SHUTDOWN_GRACE_SECONDS set, then readiness says draining at once, requests are still answered through the grace, and it then exits cleanly', async () => {
    const database = await provisionTestDatabase('portaldesk_drain');
    cleanups.push(() => database.teardown());
    const server = await startServerProcess({ DATABASE_URL: database.connectionString, SHUTDOWN_GRACE_SECONDS: '2' });
    expect((await fetch(`${server.baseUrl}/api/health/ready`)).status).toBe(200);
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await expect.poll(async () => (await fetch(`${server.baseUrl}/api/health/ready`)).status).toBe(503);
    const live = await fetch(`${server.baseUrl}/api/health/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('connection')).toBe('close');
    expect(await server.exit).toBe(0);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(2_000);
  });
});
