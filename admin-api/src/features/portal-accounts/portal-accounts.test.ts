import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logSender, sendMessageHandler, type OutboxMessage, type OutboxSender } from '../../outbox/outbox.ts';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let desk: SignedIn;
let support: SignedIn;
let portalToken: string;
let realNow: number;
beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  desk = await signedInAs(h, ['front_desk']);
  support = await signedInAs(h, ['support']);
  const admin = await signedInAs(h, ['admin']);
  portalToken = (
    await admin.agent
      .post('/api/portal-tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: `Portal ${uniqueSuffix()}` })
  ).body.token;
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

const portal = (path: string, body: object) => supertest(h.app).post(`/portal-api/v1${path}`).set('Authorization', `Bearer ${portalToken}`).send(body);
const panel = (who: SignedIn, patientId: number) => who.agent.get(`/api/patients/${patientId}/portal-account`);
const act = (who: SignedIn, patientId: number, action: string, body: object = {}) =>
  who.agent.post(`/api/patients/${patientId}/portal-account/${action}`).set('X-CSRF-Token', who.csrf).send(body);

/** Runs the waiting send-message jobs here, as an instance's worker would, with `sender`. */
const sendWaitingMessages = (sender: OutboxSender) => h.deps.jobs.runWaiting('send-message', sendMessageHandler(h.knex, sender, h.clock.read));

async function activePatient() {
  const patient = await createPatient(h.knex, { date_of_birth: '1975-09-09' });
  await h
    .knex('patients')
    .where({ id: patient.id })
    .update({ email: `${uniqueSuffix()}@example.com` });
  const { code } = (await desk.agent.post(`/api/patients/${patient.id}/activation-codes`).set('X-CSRF-Token', desk.csrf).send({})).body;
  const username = `p.${uniqueSuffix()}`;
  await portal('/activations', { code, dateOfBirth: '1975-09-09', username }).expect(201);
  return { patient, username };
}

describe('GET /api/patients/:id/portal-account (the support panel)', () => {
  it('when a patient has nothing yet, then the state is no_account and front desk may issue a code', async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1990-01-01' });
    const response = await panel(desk, patient.id).expect(200);
    expect(response.body).toMatchObject({ state: 'no_account', account: null, latest_code: null, eligibility: { eligible: true }, actions: ['issue_code'] });
  });

  it('when a code was issued, expired, or locked after failures, then the panel says which', async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1990-01-01' });
    const { code } = (await desk.agent.post(`/api/patients/${patient.id}/activation-codes`).set('X-CSRF-Token', desk.csrf).send({})).body;
    expect((await panel(support, patient.id)).body).toMatchObject({ state: 'code_pending', latest_code: { state: 'live', failed_attempts: 0 } });
    const tryFrom = (device: string, attempt: { code: string; dateOfBirth: string }) =>
      portal('/activations', { ...attempt, username: `x${uniqueSuffix()}` }).set('X-Patient-Address', device);
    for (let i = 0; i < 10; i += 1) await tryFrom('192.0.2.10', { code: `${code.slice(0, 6)}ZZZZZ-ZZZZZ`, dateOfBirth: '1990-01-01' });
    const shutOut = (await panel(support, patient.id)).body;
    expect(shutOut).toMatchObject({
      state: 'code_pending',
      latest_code: { state: 'live', failed_attempts: 10, birth_date_failures: 0, failing_devices: 1, devices_shut_out: 1 },
    });
    for (let i = 0; i < 10; i += 1) await tryFrom('192.0.2.11', { code, dateOfBirth: '1990-01-02' });
    const locked = (await panel(support, patient.id)).body;
    expect(locked).toMatchObject({ state: 'code_locked', latest_code: { state: 'locked', failed_attempts: 20, birth_date_failures: 10, failing_devices: 2 } });
    expect(locked.failed_redemptions[0].reason).toBe('wrong_birth_date');
    const other = await createPatient(h.knex, { date_of_birth: '1990-01-01' });
    await desk.agent.post(`/api/patients/${other.id}/activation-codes`).set('X-CSRF-Token', desk.csrf).send({}).expect(201);
    // Past the code's last day (the 45th, to midnight in the organization's zone) whatever the hour.
    h.clock.now += 47 * 24 * 3600 * 1000;
    const staff = await signedInAs(h, ['support']);
    expect((await panel(staff, other.id)).body).toMatchObject({ state: 'code_expired', actions: ['issue_code'] });
  });

  it('when the account is active and the portal reports sign-ins and a lock, then support sees them and can unlock', async () => {
    const { patient, username } = await activePatient();
    await portal('/sign-in-events', { username, event: 'success' }).expect(202);
    await portal('/sign-in-events', { username, event: 'failure' }).expect(202);
    await portal('/sign-in-events', { username, event: 'locked' }).expect(202);
    const locked = (await panel(support, patient.id).expect(200)).body;
    expect(locked).toMatchObject({ state: 'locked', account: { username, status: 'locked' } });
    expect(locked.account.last_sign_in_at).not.toBeNull();
    expect(locked.sign_ins.map((event: { kind: string }) => event.kind).sort()).toEqual(['failure', 'locked', 'success']);
    expect(locked.actions).toEqual(['unlock', 'send_password_reset', 'deactivate']);
    await act(support, patient.id, 'unlock', { version: locked.account.version }).expect(200);
    expect((await panel(support, patient.id)).body.state).toBe('active');
  });

  it('when two staff act on the same version, then the second is refused with 409 and the first stands', async () => {
    const { patient } = await activePatient();
    const { version } = (await panel(support, patient.id)).body.account;
    await act(support, patient.id, 'deactivate', { version, reason: 'Patient asked to close the account' }).expect(200);
    const second = await act(support, patient.id, 'deactivate', { version, reason: 'Duplicate' }).expect(409);
    expect(second.body.code).toBe('stale_version');
    const after = (await panel(support, patient.id)).body;
    expect(after).toMatchObject({ state: 'deactivated', account: { deactivation_reason: 'Patient asked to close the account' }, actions: ['reactivate'] });
    await act(support, patient.id, 'reactivate', { version: after.account.version }).expect(200);
  });

  it('when support sends a reset link, then it goes through the outbox, the sender gets it once and nothing keeps it', async () => {
    const { patient, username } = await activePatient();
    await act(support, patient.id, 'password-reset').expect(200);
    const delivered: OutboxMessage[] = [];
    const logged: unknown[] = [];
    const capture = { send: async (message: OutboxMessage) => void delivered.push(message) };
    await sendWaitingMessages(capture);
    const mine = delivered.filter((message) => message.patient_id === patient.id);
    expect(mine).toHaveLength(1);
    const link = mine[0].secret!;
    expect(link).toMatch(/\/reset-password\?token=[\w-]{43}$/);
    const stored = await h.knex('outbox_messages').first('status', 'secret').where({ id: mine[0].id });
    expect(stored).toEqual({ status: 'sent', secret: null });
    const token = new URL(link).searchParams.get('token')!;
    expect((await portal('/password-resets/spend', { token }).expect(200)).body.account.username).toBe(username);
    await portal('/password-resets/spend', { token }).expect(410);

    const logger = { info: (...args: unknown[]) => void logged.push(args) };
    await logSender(logger as never).send(mine[0]);
    expect(JSON.stringify(logged)).not.toContain(token);
  });

  it('when support deactivates an account after sending a reset link, then the link no longer opens it, even after reactivation', async () => {
    const { patient } = await activePatient();
    await act(support, patient.id, 'password-reset').expect(200);
    const delivered: OutboxMessage[] = [];
    await sendWaitingMessages({ send: async (message: OutboxMessage) => void delivered.push(message) });
    const token = new URL(delivered.find((message) => message.patient_id === patient.id)!.secret!).searchParams.get('token')!;
    const { version } = (await panel(support, patient.id)).body.account;
    await act(support, patient.id, 'deactivate', { version, reason: 'Reported a stolen phone' }).expect(200);
    await portal('/password-resets/spend', { token }).expect(410);
    await act(support, patient.id, 'reactivate', { version: version + 1 }).expect(200);
    await portal('/password-resets/spend', { token }).expect(410);
  });

  it('when the portal reports a sign-in for a username nobody has, then the answer is the same as for a real one', async () => {
    const { username } = await activePatient();
    const known = await portal('/sign-in-events', { username, event: 'failure' });
    const unknown = await portal('/sign-in-events', { username: `nobody.${uniqueSuffix()}`, event: 'failure' });
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    expect(known.status).toBe(202);
  });

  it('when a role may not, then 403; anonymous 401; a missing patient 404; a bad body 400', async () => {
    const { patient } = await activePatient();
    await (await signedInAs(h, ['billing'])).agent.get(`/api/patients/${patient.id}/portal-account`).expect(403);
    await act(desk, patient.id, 'unlock', { version: 1 }).expect(403);
    await supertest(h.app).get(`/api/patients/${patient.id}/portal-account`).expect(401);
    await panel(support, 999_999_999).expect(404);
    const bad = await act(support, patient.id, 'deactivate', { version: 1 }).expect(400);
    expect(bad.body.errors).toHaveProperty('reason');
  });
});

describe('identity-check failures from the portal', () => {
  it('when the portal reports a failed check matching one patient, then the panel shows identity_check_failed', async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1988-07-07' });
    const reported = await portal('/identity-check-failures', {
      familyName: patient.family_name.toUpperCase(),
      givenName: patient.given_name,
      dateOfBirth: '1988-07-07',
      reason: 'Knowledge-based questions failed',
    }).expect(201);
    // The portal learns nothing about who is a patient: a match and a miss are answered alike.
    const missed = await portal('/identity-check-failures', { familyName: 'Nobody', givenName: 'Known', dateOfBirth: '1901-01-01', reason: 'x' }).expect(201);
    expect(Object.keys(reported.body)).toEqual(['id']);
    expect(Object.keys(missed.body)).toEqual(['id']);
    expect((await panel(support, patient.id)).body).toMatchObject({
      state: 'identity_check_failed',
      identity_failures: [{ reason: 'Knowledge-based questions failed' }],
    });
    const invalid = await portal('/identity-check-failures', { familyName: 'X' }).expect(400);
    expect(invalid.body.errors).toHaveProperty('givenName');
  });
});
