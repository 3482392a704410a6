import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, JOB_SCHEMA, type Knex } from '@portaldesk/db';
import { provisionTestDatabase, type TestDatabase } from '@portaldesk/db/testing';
import { createStaff } from '../testing/harness.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const CODES = 1_000;

let database: TestDatabase;
let owner: Knex;
let servers: ServerProcess[] = [];
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_exactly_once');
  owner = createKnex(database.ownerConnectionString, 2);
});
afterAll(async () => {
  for (const server of servers) {
    server.child.kill('SIGCONT');
    server.child.kill('SIGKILL');
    await server.exit;
  }
  await owner?.destroy();
  await database?.teardown();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const countOf = async (query: Knex.QueryBuilder) => Number((await query.count({ count: '*' }))[0].count);
const expiryJobs = () => owner(`${JOB_SCHEMA}.job`).where({ name: 'expire-credential' });

/** CODES patients, each with an activation code whose expiry passed an hour ago. */
async function lapsedCodes(): Promise<number[]> {
  const { rows } = await owner.raw<{ rows: { id: number }[] }>(
    `WITH patients AS (
       INSERT INTO patients (mrn, family_name, given_name, date_of_birth, sex, created_at, updated_at)
       SELECT 'EXO' || n, 'Once', 'Exactly', '1980-01-01', 'female', now() - interval '4 days', now() - interval '4 days'
         FROM generate_series(1, ?) AS n
       RETURNING id
     )
     INSERT INTO activation_codes (patient_id, selector, verifier_hash, issued_at, expires_at)
     SELECT id, 'exo' || id, 'not a real hash', now() - interval '3 days', now() - interval '1 hour' FROM patients
     RETURNING id`,
    [CODES],
  );
  return rows.map((row) => row.id);
}

/** Signs in to one server as a new admin and asks it to run the credential expiry now. */
async function runExpiryThrough(server: ServerProcess): Promise<void> {
  const admin = await createStaff(owner, ['admin']);
  const session = await fetch(`${server.baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password: admin.password }),
  });
  expect(session.status).toBe(201);
  const { csrfToken } = await session.json();
  const run = await fetch(`${server.baseUrl}/api/job-queues/expire-credentials/runs`, {
    method: 'POST',
    headers: { cookie: session.headers.get('set-cookie')!.split(';')[0], 'X-CSRF-Token': csrfToken },
  });
  expect(run.status).toBe(202);
}

/**
 * Freezes `server` at a moment it holds jobs it has taken but not finished (the other servers are
 * frozen, so every job running is its own), then kills it there: a crash in the middle of work,
 * perhaps in the middle of a transaction. Answers the jobs it held.
 */
async function killInTheMiddleOfWork(server: ServerProcess): Promise<string[]> {
  for (;;) {
    server.child.kill('SIGSTOP');
    await sleep(50);
    const held = (await expiryJobs().clone().select('id').where({ state: 'active' })).map((row: { id: string }) => row.id);
    if (held.length) {
      server.child.kill('SIGKILL');
      await server.exit;
      return held;
    }
    server.child.kill('SIGCONT');
    await sleep(20 + Math.random() * 200);
  }
}

describe('jobs across three API processes', () => {
  it(
    `when ${CODES} expiry jobs are worked by three processes and one is killed in the middle, then every job ran once: none twice, none lost`,
    { timeout: 240_000 },
    async () => {
      const codeIds = await lapsedCodes();
      servers = await Promise.all([0, 1, 2].map(() => startServerProcess({ DATABASE_URL: database.connectionString })));
      const [first, ...others] = servers;

      // The first server alone takes the run and the first jobs; then it is killed in the middle.
      for (const other of others) other.child.kill('SIGSTOP');
      await runExpiryThrough(first);
      await expect.poll(() => countOf(expiryJobs().clone()), { timeout: 30_000 }).toBe(CODES);
      await expect.poll(() => countOf(expiryJobs().clone().where({ state: 'completed' })), { timeout: 30_000 }).toBeGreaterThanOrEqual(50);
      const heldByTheKilled = await killInTheMiddleOfWork(first);
      expect(heldByTheKilled.length).toBeGreaterThan(0);

      // The two others share the rest, and take over the killed one's jobs once their attempts expire.
      for (const other of others) other.child.kill('SIGCONT');
      await expect.poll(() => countOf(expiryJobs().clone().where({ state: 'completed' })), { timeout: 180_000, interval: 1_000 }).toBe(CODES);

      const expired = await countOf(owner('activation_codes').whereIn('id', codeIds).whereNotNull('expired_at'));
      expect(expired).toBe(CODES);
      const audited = await owner('audit_events')
        .select('resource_id')
        .count({ rows: '*' })
        .where({ action: 'expire', resource: 'activation-codes' })
        .groupBy('resource_id');
      expect(audited).toHaveLength(CODES);
      expect(audited.filter((row) => Number(row.rows) !== 1)).toEqual([]);
      expect(await countOf(expiryJobs().clone().where({ state: 'failed' }))).toBe(0);
      const retried = await expiryJobs().clone().select('id').whereIn('id', heldByTheKilled).where('retry_count', '>', 0);
      expect(retried.length).toBe(heldByTheKilled.length);
      for (const server of others) expect(server.child.exitCode).toBeNull();
    },
  );
});
