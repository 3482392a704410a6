import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, migrate, type Knex } from './index.ts';
import { JOB_QUEUES, JOB_SCHEMA, jobQueueBehind, jobQueueDb } from './job-queue.ts';
import { provisionTestDatabase, type TestDatabase } from './testing.ts';

let database: TestDatabase;
let owner: Knex;
let api: Knex;
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_job_queue');
  owner = createKnex(database.ownerConnectionString, 2);
  api = createKnex(database.connectionString, 2);
});
afterAll(async () => {
  await owner?.destroy();
  await api?.destroy();
  await database?.teardown();
});

/** pg-boss as the API uses it: on the API's role, no schema changes of its own. */
const apiBoss = () => new PgBoss({ db: jobQueueDb(api), schema: JOB_SCHEMA, migrate: false, supervise: false, schedule: false });
const jobsIn = async (queue: string) => Number((await owner(`${JOB_SCHEMA}.job`).where({ name: queue }).count({ count: '*' }))[0].count);

describe('the job queue schema', () => {
  it('when the migrations have run, then every queue exists with its retry rules and the start check finds nothing missing', async () => {
    expect(await jobQueueBehind(api)).toBeNull();
    const stored = await owner(`${JOB_SCHEMA}.queue`)
      .select('name', 'retry_limit', 'expire_seconds')
      .whereIn(
        'name',
        JOB_QUEUES.map((queue) => queue.name),
      );
    expect(stored).toHaveLength(JOB_QUEUES.length);
    const sendMessage = stored.find((queue) => queue.name === 'send-message');
    expect(sendMessage).toEqual({ name: 'send-message', retry_limit: 6, expire_seconds: 300 });
  });

  it("when a job is queued inside the API's transaction, then it exists only if that transaction commits", async () => {
    const boss = apiBoss();
    const before = await jobsIn('housekeeping');
    await api
      .transaction(async (trx) => {
        await boss.send('housekeeping', {}, { db: jobQueueDb(trx) });
        expect(await jobsIn('housekeeping')).toBe(before);
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    expect(await jobsIn('housekeeping')).toBe(before);
    await api.transaction(async (trx) => {
      await boss.send('housekeeping', {}, { db: jobQueueDb(trx) });
    });
    expect(await jobsIn('housekeeping')).toBe(before + 1);
  });

  it("when the API's role tries to create a queue or drop the job tables, then the database refuses", async () => {
    await expect(apiBoss().createQueue('not-ours')).rejects.toThrow(/permission denied/);
    await expect(api.raw(`DROP TABLE ${JOB_SCHEMA}.job`)).rejects.toThrow(/must be owner/);
  });

  it('when a queue has other retry rules than the code, then the start check says so, and migrating puts them back', async () => {
    await owner(`${JOB_SCHEMA}.queue`).where({ name: 'expire-credential' }).update({ retry_limit: 0 });
    expect(await jobQueueBehind(api)).toBe('job queue expire-credential has other retry rules than this release');
    await migrate(owner, { now: new Date() });
    expect(await jobQueueBehind(api)).toBeNull();
  });
});
