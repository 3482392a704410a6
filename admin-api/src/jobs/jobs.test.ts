import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex, JOB_SCHEMA, type Knex } from '@portaldesk/db';
import { provisionTestDatabase, type TestDatabase } from '@portaldesk/db/testing';
import type { OutboxMessage, OutboxSender } from '../outbox/outbox.ts';
import { createHarness, createPatient, createStaff, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../testing/harness.ts';
import { jobHandlers } from './workers.ts';

// A database of this file's own: the expiry job expires every due credential it finds, which
// would reach into the other test files' fixtures on the shared one.
let database: TestDatabase;
let h: Harness;
let owner: Knex;
let admin: SignedIn;
let desk: SignedIn;
let support: SignedIn;
let portalToken: string;
let sender: OutboxSender;
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_jobs');
  h = await createHarness({}, { databaseUrl: database.connectionString });
  owner = createKnex(database.ownerConnectionString, 2);
  admin = await signedInAs(h, ['admin']);
  desk = await signedInAs(h, ['front_desk']);
  support = await signedInAs(h, ['support']);
  portalToken = (
    await admin.agent
      .post('/api/portal-tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: `Portal ${uniqueSuffix()}` })
  ).body.token;
});
afterAll(async () => {
  await h?.close();
  await owner?.destroy();
  await database?.teardown();
});

/** Runs the waiting jobs of `queue` here, as an instance's worker would. */
const handlers = () => jobHandlers(h.deps, { sender: { send: (message) => sender.send(message) }, housekeeping: h.housekeeping });
const runWaiting = (queue: 'send-message' | 'expire-credentials' | 'expire-credential') => h.deps.jobs.runWaiting(queue, handlers()[queue]);
const jobRow = (id: string) => owner(`${JOB_SCHEMA}.job`).first('state', 'retry_count', 'start_after', 'output').where({ id });
const post = (who: SignedIn, path: string, body: object = {}) => who.agent.post(path).set('X-CSRF-Token', who.csrf).send(body);
const portal = (path: string, body: object) => supertest(h.app).post(`/portal-api/v1${path}`).set('Authorization', `Bearer ${portalToken}`).send(body);

async function patientWithAccount() {
  const patient = await createPatient(h.knex, { date_of_birth: '1975-09-09' });
  await h
    .knex('patients')
    .where({ id: patient.id })
    .update({ email: `${uniqueSuffix()}@example.com` });
  const { code } = (await post(desk, `/api/patients/${patient.id}/activation-codes`)).body;
  await portal('/activations', { code, dateOfBirth: '1975-09-09', username: `p.${uniqueSuffix()}` }).expect(201);
  return patient;
}

const lapse = (table: string, where: object) =>
  owner(table)
    .where(where)
    .update({ expires_at: new Date(h.clock.now - 60_000) });

describe('the credential expiry job', () => {
  it('when codes and links have passed their expiry, then one run expires each once, with an audit row, and leaves the rest alone', async () => {
    const lapsedCodePatient = await createPatient(h.knex);
    const liveCodePatient = await createPatient(h.knex);
    await post(desk, `/api/patients/${lapsedCodePatient.id}/activation-codes`).expect(201);
    await post(desk, `/api/patients/${liveCodePatient.id}/activation-codes`).expect(201);
    await lapse('activation_codes', { patient_id: lapsedCodePatient.id });
    const colleague = await createStaff(h.knex, ['support']);
    await post(admin, `/api/staff-users/${colleague.id}/password-reset`).expect(201);
    await lapse('password_reset_tokens', { staff_user_id: colleague.id });
    const portalPatient = await patientWithAccount();
    await post(support, `/api/patients/${portalPatient.id}/portal-account/password-reset`).expect(200);
    const account = await h.knex('portal_accounts').first('id').where({ patient_id: portalPatient.id });
    await lapse('portal_password_resets', { portal_account_id: account.id });

    const run = await post(admin, '/api/job-queues/expire-credentials/runs').expect(202);
    expect((await post(admin, '/api/job-queues/expire-credentials/runs').expect(409)).body.code).toBe('already_waiting');
    expect(await runWaiting('expire-credentials')).toBe(1);
    expect((await jobRow(run.body.job_id)).state).toBe('completed');
    expect(await runWaiting('expire-credential')).toBe(3);

    const expiredAt = async (table: string, where: object) => (await h.knex(table).first('expired_at').where(where)).expired_at;
    expect(await expiredAt('activation_codes', { patient_id: lapsedCodePatient.id })).toEqual(h.clock.read());
    expect(await expiredAt('activation_codes', { patient_id: liveCodePatient.id })).toBeNull();
    expect(await expiredAt('password_reset_tokens', { staff_user_id: colleague.id })).toEqual(h.clock.read());
    expect(await expiredAt('portal_password_resets', { portal_account_id: account.id })).toEqual(h.clock.read());

    const audited = await h
      .knex('audit_events')
      .select('resource', 'resource_id', 'patient_id', 'staff_username')
      .where({ action: 'expire' })
      .orderBy('resource');
    expect(audited).toEqual([
      { resource: 'activation-codes', resource_id: expect.any(String), patient_id: lapsedCodePatient.id, staff_username: 'job:expire-credential' },
      { resource: 'portal-accounts', resource_id: String(account.id), patient_id: portalPatient.id, staff_username: 'job:expire-credential' },
      { resource: 'staff-users', resource_id: String(colleague.id), patient_id: null, staff_username: 'job:expire-credential' },
    ]);

    // The next night finds nothing left to do.
    await h.deps.jobs.enqueue(h.knex, 'expire-credentials', {});
    await runWaiting('expire-credentials');
    expect(await runWaiting('expire-credential')).toBe(0);
    expect(await h.knex('audit_events').where({ action: 'expire' }).count({ count: '*' })).toEqual([{ count: 3 }]);
  });

  it('when two expiry jobs race for one credential, then it is expired and audited once', async () => {
    const patient = await createPatient(h.knex);
    await post(desk, `/api/patients/${patient.id}/activation-codes`).expect(201);
    await lapse('activation_codes', { patient_id: patient.id });
    const { id } = await h.knex('activation_codes').first('id').where({ patient_id: patient.id });
    // Two jobs for the same code: the second key-less one stands for a retry of a lost attempt.
    await h.deps.jobs.enqueue(h.knex, 'expire-credential', { kind: 'activation-code', id }, { singletonKey: `activation-code:${id}` });
    await h.deps.jobs.enqueue(h.knex, 'expire-credential', { kind: 'activation-code', id });
    const handler = handlers()['expire-credential'];
    await Promise.all([h.deps.jobs.runWaiting('expire-credential', handler, 1), h.deps.jobs.runWaiting('expire-credential', handler, 1)]);
    expect(
      await h
        .knex('audit_events')
        .where({ action: 'expire', resource: 'activation-codes', resource_id: String(id) })
        .count({ count: '*' }),
    ).toEqual([{ count: 1 }]);
  });

  it('when an admin asks to run a queue that only runs on its own, or one that does not exist, then the answer says so', async () => {
    expect((await post(admin, '/api/job-queues/housekeeping/runs').expect(409)).body.code).toBe('not_on_demand');
    expect((await post(admin, '/api/job-queues/no-such-queue/runs').expect(400)).body.errors).toMatchObject({ id: 'is not a job queue' });
  });
});

describe('sending messages through the job queue', () => {
  it('while a message is being sent, then no transaction holds its row', async () => {
    const patient = await patientWithAccount();
    await post(support, `/api/patients/${patient.id}/portal-account/password-reset`).expect(200);
    const locked: string[] = [];
    sender = {
      async send(message: OutboxMessage) {
        // NOWAIT fails at once if anything holds the row: a send inside the claiming transaction would.
        await owner
          .transaction(async (trx) => {
            await trx('outbox_messages').where({ id: message.id }).forUpdate().noWait().first('id');
          })
          .catch(() => locked.push(String(message.id)));
      },
    };
    expect(await runWaiting('send-message')).toBeGreaterThanOrEqual(1);
    expect(locked).toEqual([]);
  });

  it('when the mail server keeps refusing, then the job retries with growing delays, then is left failed for an admin without the address, and the link is erased', async () => {
    const patient = await patientWithAccount();
    const email = (await h.knex('patients').first('email').where({ id: patient.id })).email;
    await post(support, `/api/patients/${patient.id}/portal-account/password-reset`).expect(200);
    const message = await h.knex('outbox_messages').first('id').where({ patient_id: patient.id });
    const { id: jobId } = await owner(`${JOB_SCHEMA}.job`)
      .first('id')
      .where({ name: 'send-message' })
      .whereRaw(`data->>'messageId' = ?`, [String(message.id)]);
    sender = {
      async send() {
        throw Object.assign(new Error(`550 mailbox ${email} unavailable`), { code: 'EENVELOPE' });
      },
    };

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      await runWaiting('send-message');
      const job = await jobRow(jobId);
      if (attempt < 7) {
        expect(job.state).toBe('retry');
        delays.push(new Date(job.start_after).getTime() - Date.now());
        // The backoff has passed.
        await owner(`${JOB_SCHEMA}.job`)
          .where({ id: jobId })
          .update({ start_after: owner.raw('now()') });
      }
    }
    expect(delays[0]).toBeGreaterThan(0);
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]);
    expect((await jobRow(jobId)).state).toBe('failed');
    expect(await h.knex('outbox_messages').first('status', 'secret', 'attempts', 'last_error').where({ id: message.id })).toEqual({
      status: 'failed',
      secret: null,
      attempts: 7,
      last_error: 'Error (EENVELOPE)',
    });

    const failed = await admin.agent.get(`/api/failed-jobs?filter=${encodeURIComponent('{"queue":"send-message"}')}`).expect(200);
    expect(failed.body).toContainEqual(expect.objectContaining({ id: jobId, queue: 'send-message', attempts: 7, reason: 'Error (EENVELOPE)' }));
    expect(JSON.stringify(failed.body)).not.toContain(email);

    // Retried by an admin, the job says why it cannot send: the link is gone.
    const [first, second] = await Promise.all([post(admin, `/api/failed-jobs/${jobId}/retry`), post(admin, `/api/failed-jobs/${jobId}/retry`)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    await runWaiting('send-message');
    expect((await jobRow(jobId)).output.message).toMatch(/given up after its last attempt and its link erased: send the patient a new one/);
  });
});

describe('the jobs page', () => {
  it('when an admin opens it, then every queue shows its schedule and counts', async () => {
    const response = await admin.agent.get('/api/job-queues').expect(200);
    expect(response.headers['content-range']).toBe('job-queues 0-5/6');
    const expiry = response.body.find((queue: { id: string }) => queue.id === 'expire-credentials');
    expect(expiry).toMatchObject({ on_demand: true, schedule: { cron: '0 2 * * *', time_zone: 'America/New_York' }, failed: 0 });
    expect(expiry.completed).toBeGreaterThanOrEqual(1);
    expect(response.body.find((queue: { id: string }) => queue.id === 'housekeeping')).toMatchObject({
      on_demand: false,
      schedule: { cron: '*/15 * * * *', time_zone: 'UTC' },
    });
  });

  it('when a retry names a job that is not failed or not a job id, then 404 and 400', async () => {
    await post(admin, '/api/failed-jobs/00000000-0000-4000-8000-000000000000/retry').expect(404);
    expect((await post(admin, '/api/failed-jobs/12/retry').expect(400)).body.errors).toMatchObject({ id: 'is not a job id' });
  });
});
