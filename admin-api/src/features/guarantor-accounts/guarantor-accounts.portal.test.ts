import { performance } from 'node:perf_hooks';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, createPortalToken, signedInAs, type Harness } from '../../testing/harness.ts';
import { GUEST_LOOKUP_PACE_MS } from './guarantor-accounts.portal-routes.ts';
import { accountNumber, accountRow, accountsCsv, createLocation, HEADER, importAccounts } from '../../testing/guarantor-accounts.ts';
import { GUEST_LOOKUPS_PER_ACCOUNT, GUEST_LOOKUPS_PER_DEVICE } from './guarantor-accounts.service.ts';

let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  token = await createPortalToken(h);
});
afterAll(() => h.close());

let devices = 0;
/** A patient's address of its own, so each test counts against a device of its own. */
const newDevice = () => {
  devices += 1;
  return `198.51.${Math.floor(devices / 250)}.${(devices % 250) + 1}`;
};

const lookup = (sent: unknown, device = newDevice()) =>
  supertest(h.app)
    .post('/portal-api/v1/guest-payment-lookups')
    .set('Authorization', `Bearer ${token}`)
    .set('X-Patient-Address', device)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(sent));

/** Imports accounts (the last cell of each row its status) and answers their rows. */
async function accounts(...specs: { family?: string; balance?: string; online?: boolean; status?: string; mrns?: string[] }[]) {
  const [online, offline] = [await createLocation(h.knex, h.clock.read(), true), await createLocation(h.knex, h.clock.read(), false, '+12035550142')];
  const rows = [];
  for (const spec of specs) {
    const mrns = spec.mrns ?? [(await createPatient(h.knex)).mrn];
    const row = accountRow(mrns, spec.online === false ? offline.name : online.name, {
      ...(spec.family ? { guarantor_family_name: spec.family } : {}),
      ...(spec.balance ? { balance_cents: spec.balance } : {}),
    });
    rows.push({ cells: row.cells, line: `${row.line},${spec.status ?? 'open'}` });
  }
  // A session of its own: tests move the clock past the idle limit of any earlier one.
  await importAccounts(await signedInAs(h, ['admin']), accountsCsv(rows, `${HEADER},account_status`)).expect(200);
  return rows.map((row) => row.cells);
}

describe('POST /portal-api/v1/guest-payment-lookups', () => {
  it('when the number and the last name match an open account, then the balance and Pay Now come back, the name compared without case, accents or spacing', async () => {
    const [ana, ben] = [await createPatient(h.knex), await createPatient(h.knex)];
    const [nunez, obrien] = await accounts({ family: 'Núñez', mrns: [ana.mrn, ben.mrn] }, { family: "O'Brien", online: false, balance: '4200' });

    const hit = await lookup({ accountNumber: nunez.account_number, lastName: 'Núñez' }).expect(200);
    expect(hit.body).toEqual({ accountNumber: nunez.account_number, balanceCents: 12550, payNow: { available: true, reason: 'available' } });
    await lookup({ accountNumber: ` ${nunez.account_number.toLowerCase()} `, lastName: '  NUNEZ ' }).expect(200);
    const offline = await lookup({ accountNumber: obrien.account_number, lastName: 'o’ brien' }).expect(200);
    expect(offline.body).toEqual({
      accountNumber: obrien.account_number,
      balanceCents: 4200,
      payNow: { available: false, reason: 'no_online_payments', billingPhone: '+12035550142', billingPhoneDisplay: '(203) 555-0142' },
    });

    // Each patient on the account finds the guest's lookup in their ledger.
    const audited = await h
      .knex('audit_events')
      .where({ action: 'guest-lookup', resource: 'guarantor-accounts', request_id: hit.headers['x-request-id'] })
      .select('patient_id', 'outcome', 'staff_username', 'client_address');
    expect(audited.map((row) => row.patient_id).sort()).toEqual([ana.id, ben.id].sort());
    expect(audited.every((row) => row.outcome === 'success' && row.staff_username.startsWith('portal:'))).toBe(true);
  });

  it('when anything is wrong (unknown number, wrong name, closed account, malformed input, a field it does not take), then the answer is byte for byte the same 404, at the pace of a hit, audited without a patient', async () => {
    const [open, closed] = await accounts({ family: 'Lindqvist' }, { family: 'Okafor', status: 'closed' });
    const timed = async (sent: unknown) => {
      const started = performance.now();
      const response = await lookup(sent);
      return { response, ms: performance.now() - started };
    };
    const hit = await timed({ accountNumber: open.account_number, lastName: 'lindqvist' });
    expect(hit.response.status).toBe(200);
    expect(hit.ms).toBeGreaterThanOrEqual(GUEST_LOOKUP_PACE_MS - 5);

    const misses = {
      unknown_account: { accountNumber: accountNumber(), lastName: 'Lindqvist' },
      wrong_name: { accountNumber: open.account_number, lastName: 'Lindquist' },
      empty_name: { accountNumber: open.account_number, lastName: '   ' },
      closed: { accountNumber: closed.account_number, lastName: 'Okafor' },
      no_name: { accountNumber: open.account_number },
      number_as_number: { accountNumber: 12345, lastName: 'Lindqvist' },
      not_an_account_number: { accountNumber: '12/34', lastName: 'Lindqvist' },
      nothing: {},
      an_array: [open.account_number, 'Lindqvist'],
      an_unknown_field: { accountNumber: open.account_number, lastName: 'Lindqvist', extra: 1 },
    };
    const answers = Object.fromEntries(await Promise.all(Object.entries(misses).map(async ([kind, sent]) => [kind, await timed(sent)] as const)));
    const first = answers.unknown_account.response;
    expect(first.status).toBe(404);
    expect(first.body).toEqual({ code: 'guest_lookup_miss', message: expect.any(String) });
    for (const [kind, { response, ms }] of Object.entries(answers)) {
      expect([kind, response.status, response.text, response.headers['content-type'], response.headers['content-length']]).toEqual([
        kind,
        404,
        first.text,
        first.headers['content-type'],
        first.headers['content-length'],
      ]);
      expect(ms, kind).toBeGreaterThanOrEqual(GUEST_LOOKUP_PACE_MS - 5);
    }

    const audited = await h
      .knex('audit_events')
      .whereIn(
        'request_id',
        Object.values(answers).map(({ response }) => response.headers['x-request-id']),
      )
      .where({ action: 'guest-lookup', resource: 'guarantor-accounts' })
      .select('patient_id', 'outcome', 'details');
    expect(audited).toHaveLength(Object.keys(misses).length);
    expect(audited.every((row) => row.patient_id === null && row.outcome === 'failed')).toBe(true);
    expect(audited.map((row) => row.details.reason).sort()).toEqual(
      ['unknown_account', 'wrong_name', 'malformed', 'closed', 'malformed', 'malformed', 'malformed', 'malformed', 'malformed', 'malformed'].sort(),
    );
  });

  it(`when one device looks up more than ${GUEST_LOOKUPS_PER_DEVICE} times, then it is refused with 429 and Retry-After, counted in PostgreSQL; other devices are not`, async () => {
    const device = newDevice();
    const answers = await Promise.all(
      Array.from({ length: GUEST_LOOKUPS_PER_DEVICE + 2 }, () => lookup({ accountNumber: accountNumber(), lastName: 'Anyone' }, device)),
    );
    expect(answers.filter((answer) => answer.status === 404)).toHaveLength(GUEST_LOOKUPS_PER_DEVICE);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(2);
    expect(refused[0].body.code).toBe('too_many_requests');
    expect(Number(refused[0].headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused[0].headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // Even a right lookup waits: the device is refused before anything is looked up.
    const [account] = await accounts({ family: 'Tremblay' });
    await lookup({ accountNumber: account.account_number, lastName: 'Tremblay' }, device).expect(429);
    await lookup({ accountNumber: account.account_number, lastName: 'Tremblay' }).expect(200);

    h.clock.advance(15 * 60_000 + 1_000);
    await lookup({ accountNumber: account.account_number, lastName: 'Tremblay' }, device).expect(200);
  });

  it(`when one account number is missed more than ${GUEST_LOOKUPS_PER_ACCOUNT} times from anywhere, then it is refused with 429, the right name too, until its window ends; lookups that find it do not count`, async () => {
    const [target, other] = await accounts({ family: 'Haddad' }, { family: 'Haddad' });
    // The payer looking up their own account, again and again, does not lock it.
    for (let i = 0; i <= GUEST_LOOKUPS_PER_ACCOUNT; i += 1) await lookup({ accountNumber: target.account_number, lastName: 'Haddad' }).expect(200);
    const guesses = await Promise.all(
      Array.from({ length: GUEST_LOOKUPS_PER_ACCOUNT }, (_, i) => lookup({ accountNumber: target.account_number, lastName: `Guess${i}` })),
    );
    expect(guesses.map((answer) => answer.status)).toEqual(Array(GUEST_LOOKUPS_PER_ACCOUNT).fill(404));
    const refused = await lookup({ accountNumber: target.account_number.toLowerCase(), lastName: 'Haddad' }).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await lookup({ accountNumber: other.account_number, lastName: 'Haddad' }).expect(200);
    const counter = await h.knex('rate_limit_counters').where('key', 'like', 'guest-lookup:account:%').orderBy('hits', 'desc').first('hits');
    expect(counter.hits).toBeGreaterThan(GUEST_LOOKUPS_PER_ACCOUNT);

    h.clock.advance(60 * 60_000 + 1_000);
    await lookup({ accountNumber: target.account_number, lastName: 'Haddad' }).expect(200);
  });

  it('when a lookup is refused over either limit, then it is audited as denied naming the limit, and the answer says nothing more', async () => {
    const device = newDevice();
    await Promise.all(
      Array.from({ length: GUEST_LOOKUPS_PER_DEVICE }, () => lookup({ accountNumber: accountNumber(), lastName: 'Anyone' }, device).expect(404)),
    );
    const byDevice = await lookup({ accountNumber: accountNumber(), lastName: 'Anyone' }, device).expect(429);

    const [account] = await accounts({ family: 'Moreau' });
    await Promise.all(
      Array.from({ length: GUEST_LOOKUPS_PER_ACCOUNT }, (_, i) => lookup({ accountNumber: account.account_number, lastName: `Guess${i}` }).expect(404)),
    );
    const byAccount = await lookup({ accountNumber: account.account_number, lastName: 'Moreau' }).expect(429);

    for (const [refused, what] of [
      [byDevice, 'from this device'],
      [byAccount, 'of this account number'],
    ] as const) {
      expect(refused.body).toEqual({
        code: 'too_many_requests',
        message: `Too many payment lookups ${what}. Try again later.`,
        requestId: refused.headers['x-request-id'],
      });
    }
    const audited = async (requestId: string) =>
      h
        .knex('audit_events')
        .where({ request_id: requestId, action: 'guest-lookup', resource: 'guarantor-accounts' })
        .select('patient_id', 'resource_id', 'outcome', 'details');
    expect(await audited(byDevice.headers['x-request-id'])).toEqual([
      { patient_id: null, resource_id: null, outcome: 'denied', details: { reason: 'rate_limited', limit: 'device' } },
    ]);
    expect(await audited(byAccount.headers['x-request-id'])).toEqual([
      { patient_id: null, resource_id: null, outcome: 'denied', details: { reason: 'rate_limited', limit: 'account' } },
    ]);
  });

  it('when a field holds a NUL byte or is far longer than any account number or name, then 400 names it; a body over the limit 413', async () => {
    const nul = await lookup({ accountNumber: accountNumber(), lastName: 'Smi\u0000th' }).expect(400);
    expect(nul.body.errors).toHaveProperty('lastName');
    const longNumber = await lookup({ accountNumber: '1'.repeat(10_000), lastName: 'Smith' }).expect(400);
    expect(longNumber.body.errors).toHaveProperty('accountNumber');
    const longName = await lookup({ accountNumber: accountNumber(), lastName: 'x'.repeat(10_000) }).expect(400);
    expect(longName.body.errors).toHaveProperty('lastName');
    await lookup({ accountNumber: accountNumber(), lastName: 'x'.repeat(100_000) }).expect(413);
    await supertest(h.app).post('/portal-api/v1/guest-payment-lookups').send({ accountNumber: accountNumber(), lastName: 'Smith' }).expect(401);
  });
});
