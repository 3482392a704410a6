import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTestDatabase, type TestDatabase } from '@portaldesk/db/testing';
import { createHarness, signIn, type Harness, type SignedIn } from '../testing/harness.ts';
import { seedDemoData, type DemoSeedResult } from './seed-demo.ts';

const DEMO_PASSWORD = 'a demo passphrase for the seed test';
const HOUR_MS = 3_600_000;

/** Every table the demo writes to: a second run must leave each one's row count as it was. */
const SEEDED_TABLES = [
  'staff_users',
  'patients',
  'portal_tokens',
  'desk_locations',
  'activation_codes',
  'activation_code_failures',
  'portal_accounts',
  'portal_sign_in_events',
  'identity_check_failures',
  'proxy_requests',
  'proxy_relationships',
  'documents',
  'demographic_change_requests',
  'patient_field_history',
  'results',
  'result_holds',
  'service_locations',
  'guarantor_accounts',
  'saved_replies',
  'message_threads',
  'thread_messages',
  'outbox_messages',
  'audit_events',
];

// A database of this file's own: the demo's staff usernames and its identity-check queue would
// collide with the other test files' fixtures on the shared one.
let database: TestDatabase;
let h: Harness;
let seeded: DemoSeedResult;
let support: SignedIn;
beforeAll(async () => {
  database = await provisionTestDatabase('portaldesk_demo');
  h = await createHarness({}, { databaseUrl: database.connectionString });
  seeded = await seedDemoData(h.knex, { password: DEMO_PASSWORD, patientCount: 60, now: h.clock.read() });
  const { id } = await h.knex('staff_users').first('id').where({ username: 'support' });
  support = await signIn(h.app, { id, username: 'support', password: DEMO_PASSWORD });
});
afterAll(async () => {
  await h?.close();
  await database?.teardown();
});

async function panelOf(mrn: string) {
  const { id } = await h.knex('patients').first('id').where({ mrn });
  return (await support.agent.get(`/api/patients/${id}/portal-account`).expect(200)).body;
}

async function rowCounts(): Promise<Record<string, number>> {
  const counts = await Promise.all(SEEDED_TABLES.map(async (table) => [table, Number((await h.knex(table).count({ count: '*' }))[0].count)]));
  return Object.fromEntries(counts);
}

describe('the demo data support works with', () => {
  it('when the demo is seeded, then the same fixed patients carry the portal states (the README names them)', () => {
    expect(seeded.portalStates).toEqual({
      active: '10000006',
      locked: '10000008',
      codePending: '10000010',
      codeExpired: '10000011',
      deactivated: '10000012',
      identityCheckFailed: '10000013',
    });
  });

  it('when support opens the active and the locked accounts, then they see the recent sign-ins and the lock', async () => {
    const active = await panelOf(seeded.portalStates!.active);
    expect(active).toMatchObject({ state: 'active', account: { status: 'active', locked_at: null }, actions: ['send_password_reset', 'deactivate'] });
    expect(active.sign_ins.map((event: { kind: string }) => event.kind)).toEqual(['success', 'success', 'failure', 'success']);
    expect(active.account.last_sign_in_at).toBe(active.sign_ins[0].occurred_at);

    const locked = await panelOf(seeded.portalStates!.locked);
    expect(locked).toMatchObject({ state: 'locked', account: { status: 'locked' }, actions: ['unlock', 'send_password_reset', 'deactivate'] });
    expect(locked.sign_ins.map((event: { kind: string }) => event.kind)).toEqual(['locked', 'failure', 'failure', 'failure', 'failure', 'failure', 'success']);
    expect(locked.account.locked_at).toBe(locked.sign_ins[0].occurred_at);
  });

  it('when support opens the pending code, then it is live, from the front desk, with six wrong birth dates from two devices', async () => {
    const pending = await panelOf(seeded.portalStates!.codePending);
    expect(pending).toMatchObject({
      state: 'code_pending',
      account: null,
      latest_code: {
        state: 'live',
        issued_by_name: 'Frances Desmond (front desk)',
        location: 'Main lobby desk 2',
        failed_attempts: 6,
        birth_date_failures: 6,
        failing_devices: 2,
        devices_shut_out: 0,
      },
    });
    // The panel lists the last five failed redemptions.
    expect(pending.failed_redemptions.map((failure: { reason: string }) => failure.reason)).toEqual(Array(5).fill('wrong_birth_date'));
  });

  it('when support opens the expired code, the deactivated account and the failed identity check, then each says why', async () => {
    const expired = await panelOf(seeded.portalStates!.codeExpired);
    expect(expired).toMatchObject({ state: 'code_expired', latest_code: { state: 'expired', failed_attempts: 0 }, actions: ['issue_code'] });
    expect(Date.parse(expired.latest_code.issued_at)).toBeLessThan(h.clock.now - 46 * 24 * HOUR_MS);

    const deactivated = await panelOf(seeded.portalStates!.deactivated);
    expect(deactivated).toMatchObject({ state: 'deactivated', account: { status: 'deactivated', deactivated_by_name: 'Sam Porter (phone support)' } });
    expect(deactivated.account.deactivation_reason).toMatch(/stolen/);
    expect(deactivated.actions).toEqual(['reactivate']);

    const identity = await panelOf(seeded.portalStates!.identityCheckFailed);
    expect(identity).toMatchObject({ state: 'identity_check_failed', account: null, latest_code: null, actions: ['issue_code'] });
    expect(identity.identity_failures).toHaveLength(1);
  });

  it('when staff pick where a code is handed over, then the demo desks are offered and the closed annex is retired yet still named on its code', async () => {
    const { body: offered } = await support.agent.get('/api/desk-locations/active').expect(200);
    expect(offered.map((desk: { name: string }) => desk.name)).toEqual([
      'Cardiology check-in',
      'Emergency department registration',
      'Main lobby desk 1',
      'Main lobby desk 2',
      'Primary care check-in',
    ]);
    const expired = await panelOf(seeded.portalStates!.codeExpired);
    expect(expired.latest_code.location).toBe('West annex registration');
  });

  it('when support opens the identity-check queue, then five cases wait there: two overdue, one of a known patient, one resolved', async () => {
    const { body: cases } = await support.agent.get('/api/identity-check-failures').expect(200);
    expect(cases).toHaveLength(5);
    expect(cases.filter((found: { overdue: boolean }) => found.overdue)).toHaveLength(2);
    expect(cases.filter((found: { patient_mrn: string | null }) => found.patient_mrn !== null)).toMatchObject([
      { patient_mrn: seeded.portalStates!.identityCheckFailed, status: 'open' },
    ]);
    expect(cases.filter((found: { status: string }) => found.status === 'resolved')).toMatchObject([
      { resolved_by_name: 'Sam Porter (phone support)', overdue: false },
    ]);
  });

  it('when ROI opens the proxy queue, then requests wait in every state, one overdue, and the birthday worklist shows a teen turning 18 within a week', async () => {
    const { id } = await h.knex('staff_users').first('id').where({ username: 'roi' });
    const roi = await signIn(h.app, { id, username: 'roi', password: DEMO_PASSWORD });
    const { body: queue } = await roi.agent.get('/api/proxy-requests').query({ range: '[0,49]' }).expect(200);
    expect(new Set(queue.map((request: { status: string }) => request.status))).toEqual(
      new Set(['submitted', 'more_info_requested', 'approved', 'denied', 'withdrawn']),
    );
    expect(queue.filter((request: { overdue: boolean }) => request.overdue)).toHaveLength(1);
    const { body: worklist } = await roi.agent.get('/api/proxy-age-changes').query({ days: 7 }).expect(200);
    expect(worklist).toEqual(expect.arrayContaining([expect.objectContaining({ turns: 18, change: 'adult' })]));
    const expiring = await h.knex('proxy_relationships').whereNotNull('ends_on').whereNull('ended_at');
    expect(expiring).toHaveLength(1);
  });

  it('when ROI opens the demographic queue, then every kind of field waits, one overdue, one in a language no longer supported, one whose address an import changed since', async () => {
    const { id } = await h.knex('staff_users').first('id').where({ username: 'roi' });
    const roi = await signIn(h.app, { id, username: 'roi', password: DEMO_PASSWORD });
    const { body: queue } = await roi.agent.get('/api/demographic-change-requests').query({ range: '[0,49]' }).expect(200);
    expect(new Set(queue.flatMap((request: { fields: string[] }) => request.fields))).toEqual(
      new Set(['race', 'ethnicity', 'preferred_language', 'sexual_orientation', 'gender_identity', 'address', 'email', 'phone']),
    );
    expect(new Set(queue.map((request: { status: string }) => request.status))).toEqual(new Set(['submitted', 'reviewed']));
    expect(queue.filter((request: { overdue: boolean }) => request.overdue)).toHaveLength(1);
    const cases = await Promise.all(
      queue
        .filter((request: { status: string }) => request.status === 'submitted')
        .map(async (request: { id: number }) => (await roi.agent.get(`/api/demographic-change-requests/${request.id}`)).body),
    );
    const fields = cases.flatMap((shown) => shown.requested_fields);
    expect(fields.filter((field) => field.problem)).toEqual([expect.objectContaining({ field: 'preferred_language', requested_value: 'yi' })]);
    expect(fields.filter((field) => field.changed_since_request)).toEqual([expect.objectContaining({ field: 'address' })]);
  });

  it('when a clinician opens the release queue and the register, then holds of every basis wait (one ends tomorrow) and ended ones show every ending; a patient has series to graph', async () => {
    const { id } = await h.knex('staff_users').first('id').where({ username: 'clinical' });
    const clinician = await signIn(h.app, { id, username: 'clinical', password: DEMO_PASSWORD });
    const { body: open } = await clinician.agent
      .get('/api/result-holds')
      .query({ filter: JSON.stringify({ open: true }), sort: JSON.stringify(['ends_at', 'ASC']) })
      .expect(200);
    expect(new Set(open.map((hold: { basis: string }) => hold.basis))).toEqual(new Set(['patient_request', 'preventing_harm', 'state_law']));
    const endsIn = (hold: { ends_at: string | null }) => (hold.ends_at ? (Date.parse(hold.ends_at) - h.clock.now) / (24 * HOUR_MS) : Infinity);
    expect(endsIn(open[0])).toBeGreaterThan(0);
    expect(endsIn(open[0])).toBeLessThanOrEqual(2);
    expect(open.some((hold: { until_patient_asks: boolean }) => hold.until_patient_asks)).toBe(true);
    const { body: ended } = await clinician.agent
      .get('/api/result-holds')
      .query({ filter: JSON.stringify({ open: false }) })
      .expect(200);
    expect(new Set(ended.map((hold: { ended_how: string }) => hold.ended_how))).toEqual(new Set(['expired', 'released_now', 'basis_withdrawn']));
    const patientId = open.find((hold: { basis: string }) => hold.basis === 'preventing_harm').patient_id;
    const { body: a1c } = await clinician.agent
      .get('/api/results')
      .query({ filter: JSON.stringify({ patient_id: patientId, loinc_code: '4548-4' }), range: '[0,499]' })
      .expect(200);
    expect(a1c.length).toBeGreaterThanOrEqual(10);
    expect(a1c.every((result: { value_numeric: number | null }) => result.value_numeric !== null)).toBe(true);
    // Two corrected results, one the patient had seen and one still held, each with its history.
    const corrected = await h.knex('results').where('corrections', '>', 0).select('id', 'released_at', 'first_released_at');
    expect(corrected).toHaveLength(2);
    expect(corrected.some((result) => result.first_released_at !== null && result.released_at !== null)).toBe(true);
    expect(corrected.some((result) => result.released_at === null)).toBe(true);
    const { body: history } = await clinician.agent
      .get('/api/result-corrections')
      .query({ filter: JSON.stringify({ result_id: corrected[0].id }) })
      .expect(200);
    expect(history).toEqual([
      expect.objectContaining({ file_name: 'demo-lab-feed-corrections.csv', changes: expect.arrayContaining([expect.objectContaining({ field: 'value' })]) }),
    ]);
  });

  it('when billing opens its queue and the guarantor accounts, then threads wait in every status, a few overdue, with weekly first responses to chart, and every Pay Now reason shows', async () => {
    const { id } = await h.knex('staff_users').first('id').where({ username: 'billing' });
    const billing = await signIn(h.app, { id, username: 'billing', password: DEMO_PASSWORD });
    // How many threads a filter finds, as the list's Content-Range tells.
    const count = async (filter: object) => {
      const response = await billing.agent
        .get('/api/message-threads')
        .query({ range: '[0,0]', filter: JSON.stringify(filter) })
        .expect(200);
      return Number(response.headers['content-range'].split('/')[1]);
    };
    const all = await count({});
    for (const status of ['new', 'open', 'waiting_on_patient', 'closed']) expect(await count({ status })).toBeGreaterThan(0);
    expect(await count({ topic: 'billing' })).toBe(all);
    const overdue = await count({ overdue: true });
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(all / 5);
    const { body: stats } = await billing.agent.get('/api/message-team-stats').expect(200);
    expect(stats.map((team: { team: string }) => team.team)).toEqual(['billing']);
    const charted = stats[0].weeks.filter(
      (week: { median_first_response_business_minutes: number | null }) => week.median_first_response_business_minutes !== null,
    );
    expect(charted.length).toBeGreaterThanOrEqual(10);
    const { body: accounts } = await billing.agent.get('/api/guarantor-accounts').query({ range: '[0,99]', filter: '{}' }).expect(200);
    expect(new Set(accounts.map((account: { payNow: { reason: string } }) => account.payNow.reason))).toEqual(
      new Set(['available', 'zero_balance', 'credit_balance', 'no_online_payments']),
    );
    expect(await h.knex('saved_replies').distinct('team').pluck('team')).toEqual(expect.arrayContaining(['billing', 'support', 'roi']));
  });

  it('when the demo is seeded again later, then nothing is added', async () => {
    const before = await rowCounts();
    const again = await seedDemoData(h.knex, { password: DEMO_PASSWORD, patientCount: 60, now: new Date(h.clock.now + HOUR_MS) });
    expect(again).toMatchObject({ patientsInserted: 0, portalStates: seeded.portalStates });
    expect(await rowCounts()).toEqual(before);
  });
});
