import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import { ACTIVATION_REFUSED } from '../../portal/activation-refused.ts';
import { isoInZone, todayIn } from '../../lib/clock.ts';

let h: Harness;
let desk: SignedIn;
let admin: SignedIn;
let portalToken: string;
let realNow: number;
beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  desk = await signedInAs(h, ['front_desk']);
  admin = await signedInAs(h, ['admin']);
  const created = await admin.agent
    .post('/api/portal-tokens')
    .set('X-CSRF-Token', admin.csrf)
    .send({ name: `Portal ${uniqueSuffix()}` })
    .expect(201);
  portalToken = created.body.token;
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

const issue = (who: SignedIn, patientId: number, body: object = {}) =>
  who.agent.post(`/api/patients/${patientId}/activation-codes`).set('X-CSRF-Token', who.csrf).send(body);

/** A patient device (its address) no other test in this file uses. */
let devices = 0;
const newDevice = () => {
  devices += 1;
  return `10.${(devices >> 16) & 255}.${(devices >> 8) & 255}.${devices & 255}`;
};

/**
 * Dates the portal's attempts that follow a day ahead. A device's failures are counted from its
 * first one, and housekeeping deletes the counts whose 15 minutes have passed by its own clock:
 * another file's test on this database (session.test.ts moves its clock 16 minutes on, then runs
 * housekeeping) would otherwise delete this device's count between its failures, and the next
 * attempt would be checked instead of made to wait. Staff sessions are idle by then: call it after
 * the desk's last request. afterEach sets the clock back.
 */
const aheadOfOtherFilesHousekeeping = () => {
  h.clock.now = realNow + 24 * 3600 * 1000;
};

const redeem = (body: object, token = portalToken, patientAddress = newDevice()) =>
  supertest(h.app).post('/portal-api/v1/activations').set('Authorization', `Bearer ${token}`).set('X-Patient-Address', patientAddress).send(body);

const adult = () => createPatient(h.knex, { date_of_birth: '1980-04-02' });
/** A desk location of this test's own, added by the admin. */
const newLocation = async (name = `Desk ${uniqueSuffix()}`): Promise<{ id: number; name: string }> =>
  (await admin.agent.post('/api/desk-locations').set('X-CSRF-Token', admin.csrf).send({ name }).expect(201)).body;
const username = () => `pat.${uniqueSuffix()}`;

describe('POST /api/patients/:id/activation-codes', () => {
  it('when front desk issues a code, then it comes once as XXXXX-XXXXX-XXXXX with a 45-day expiry and is audited', async () => {
    const patient = await adult();
    const lobby = await newLocation();
    const response = await issue(desk, patient.id, { location_id: lobby.id }).expect(201);
    expect(response.body.code).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
    // Valid through the 45th day after today, to midnight in the organization's time zone.
    const lastDay = todayIn('America/New_York', new Date(h.clock.now + 45 * 24 * 3600 * 1000));
    const expiresAt = new Date(response.body.expires_at);
    expect(isoInZone(expiresAt, 'America/New_York')).toMatch(/T00:00:00-0[45]:00$/);
    expect(todayIn('America/New_York', new Date(expiresAt.getTime() - 1))).toBe(lastDay);
    const [audit] = await h
      .knex('audit_events')
      .where({ staff_user_id: desk.staff.id, action: 'create', resource: 'activation-codes', patient_id: patient.id });
    expect(audit).toMatchObject({ outcome: 'success', details: { location_id: lobby.id } });
    expect(JSON.stringify(audit.details)).not.toContain(response.body.code.slice(6));
  });

  it('when the code is issued, then no text column anywhere in the database holds it', async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    const secret = code.replaceAll('-', '').slice(5);
    const { rows: columns } = await h.knex.raw(`
      SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'USER-DEFINED')`);
    for (const { table_name: table, column_name: column } of columns as { table_name: string; column_name: string }[]) {
      const { rows } = await h.knex.raw(`SELECT count(*)::int AS n FROM ?? WHERE ??::text ILIKE ?`, [table, column, `%${secret}%`]);
      expect(rows[0].n, `${table}.${column}`).toBe(0);
    }
  });

  it('when the 13th birthday is today in New York, then a code is issued; when it is tomorrow there, then it is refused with proxy advice', async () => {
    // 02:00 UTC on 10 March 2026 is still 9 March in New York.
    h.clock.now = Date.parse('2026-03-10T02:00:00Z');
    const staff = await signedInAs(h, ['front_desk']);
    const birthdayToday = await createPatient(h.knex, { date_of_birth: '2013-03-09' });
    const birthdayTomorrow = await createPatient(h.knex, { date_of_birth: '2013-03-10' });
    await issue(staff, birthdayToday.id).expect(201);
    const refused = await issue(staff, birthdayTomorrow.id).expect(409);
    expect(refused.body.code).toBe('patient_too_young');
    expect(refused.body.message).toContain('proxy access');
  });

  it('when the patient is deceased or already has an account, then the refusal says so in plain words', async () => {
    const deceased = await createPatient(h.knex, { date_of_birth: '1950-01-01', deceased_date: '2024-01-01' });
    expect((await issue(desk, deceased.id).expect(409)).body.code).toBe('patient_deceased');
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }).expect(201);
    const again = await issue(desk, patient.id).expect(409);
    expect(again.body.code).toBe('account_exists');
    expect(again.body.message).toContain('password-reset link');
  });

  it('when billing or clinical staff try, then 403; anonymous 401; a missing patient 404; a bad field 400', async () => {
    const patient = await adult();
    for (const role of ['billing', 'clinical'] as const) await issue(await signedInAs(h, [role]), patient.id).expect(403);
    await supertest(h.app).post(`/api/patients/${patient.id}/activation-codes`).send({}).expect(401);
    await issue(desk, 999_999_999).expect(404);
    const bad = await issue(desk, patient.id, { location_id: 'Main lobby' }).expect(400);
    expect(bad.body.errors).toHaveProperty('location_id');
  });
});

describe('POST /api/activation-codes/batch', () => {
  it('when front desk issues for a selection and a list of MRNs, then eligible patients get codes and the rest say why', async () => {
    const [first, second] = [await adult(), await adult()];
    const child = await createPatient(h.knex, { date_of_birth: '2022-01-01' });
    const lobby = await newLocation();
    const response = await desk.agent
      .post('/api/activation-codes/batch')
      .set('X-CSRF-Token', desk.csrf)
      .send({ patient_ids: [first.id, child.id], mrns: [second.mrn, 'NO-SUCH-MRN'], location_id: lobby.id })
      .expect(201);
    expect(response.body.issued.map((letter: { mrn: string }) => letter.mrn).sort()).toEqual([first.mrn, second.mrn].sort());
    for (const letter of response.body.issued) expect(letter.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(response.body.refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ mrn: 'NO-SUCH-MRN', code: 'unknown_mrn' }),
        expect.objectContaining({ patient_id: child.id, code: 'patient_too_young' }),
      ]),
    );
    const stored = await h.knex('activation_codes').whereIn('patient_id', [first.id, second.id]).pluck('location_id');
    expect(stored).toEqual([lobby.id, lobby.id]);
  });

  it('when a batch holds a patient with a live code, then that code is kept and the refusal names when it was issued until the batch is sent again with replace_live', async () => {
    const [fresh, waiting] = [await adult(), await adult()];
    const desk2 = await newLocation();
    const earlier = await desk.agent
      .post(`/api/patients/${waiting.id}/activation-codes`)
      .set('X-CSRF-Token', desk.csrf)
      .send({ location_id: desk2.id })
      .expect(201);
    const batch = (body: object) => desk.agent.post('/api/activation-codes/batch').set('X-CSRF-Token', desk.csrf).send(body).expect(201);

    const first = await batch({ patient_ids: [fresh.id, waiting.id] });
    expect(first.body.issued.map((letter: { mrn: string }) => letter.mrn)).toEqual([fresh.mrn]);
    expect(first.body.refused).toEqual([
      expect.objectContaining({
        patient_id: waiting.id,
        code: 'live_code',
        message: expect.stringMatching(new RegExp(`^Has a live code issued \\d{4}-\\d{2}-\\d{2} at ${desk2.name}`)),
      }),
    ]);
    const stillLive = await h.knex('activation_codes').first('revoked_at').where({ id: earlier.body.id });
    expect(stillLive.revoked_at).toBeNull();

    const confirmed = await batch({ patient_ids: [waiting.id], replace_live: true });
    expect(confirmed.body.issued.map((letter: { mrn: string }) => letter.mrn)).toEqual([waiting.mrn]);
    expect(confirmed.body.issued[0].revoked_earlier).toBe(1);
  });

  it('when the batch is empty or too large, then 400 names patient_ids; billing gets 403', async () => {
    const empty = await desk.agent.post('/api/activation-codes/batch').set('X-CSRF-Token', desk.csrf).send({}).expect(400);
    expect(empty.body.errors).toHaveProperty('patient_ids');
    const tooMany = await desk.agent
      .post('/api/activation-codes/batch')
      .set('X-CSRF-Token', desk.csrf)
      .send({ patient_ids: Array.from({ length: 150 }, (_, i) => i + 1), mrns: Array.from({ length: 60 }, (_, i) => `M${i}`) })
      .expect(400);
    expect(tooMany.body.errors).toHaveProperty('patient_ids');
    const billing = await signedInAs(h, ['billing']);
    await billing.agent
      .post('/api/activation-codes/batch')
      .set('X-CSRF-Token', billing.csrf)
      .send({ patient_ids: [1] })
      .expect(403);
  });
});

describe('POST /portal-api/v1/activations', () => {
  it('when the portal redeems a code with the birth date, then the account is active and the code cannot be used again', async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    const name = username();
    const response = await redeem({ code: code.toLowerCase().replaceAll('-', ' '), dateOfBirth: '1980-04-02', username: name }).expect(201);
    expect(response.body.account).toMatchObject({ username: name, status: 'active', mrn: patient.mrn });
    const second = await redeem({ code, dateOfBirth: '1980-04-02', username: username() });
    expect(second.status).toBe(ACTIVATION_REFUSED.status);
    expect(second.body).toEqual(ACTIVATION_REFUSED.body);
  });

  it('when the code is wrong, the birth date wrong, the code expired or revoked by a reissue, then every answer is the same', async () => {
    const patient = await adult();
    const first = (await issue(desk, patient.id).expect(201)).body.code;
    const second = (await issue(desk, patient.id).expect(201)).body.code;
    const expiring = await adult();
    const expired = (await issue(desk, expiring.id).expect(201)).body.code;
    const wrongCode = `${second.slice(0, 14)}${second.slice(14) === 'AAA' ? 'BBB' : 'AAA'}`;
    const answers = [
      await redeem({ code: first, dateOfBirth: '1980-04-02', username: username() }),
      await redeem({ code: second, dateOfBirth: '1980-04-03', username: username() }),
      await redeem({ code: wrongCode, dateOfBirth: '1980-04-02', username: username() }),
      await redeem({ code: 'not a code', dateOfBirth: '1980-04-02', username: username() }),
    ];
    // Past the code's last day (the 45th, to midnight in the organization's zone) whatever the hour.
    h.clock.now += 47 * 24 * 3600 * 1000;
    answers.push(await redeem({ code: expired, dateOfBirth: '1980-04-02', username: username() }));
    for (const answer of answers) {
      expect(answer.status).toBe(ACTIVATION_REFUSED.status);
      expect(answer.body).toEqual(ACTIVATION_REFUSED.body);
    }
    h.clock.now = realNow;
    await redeem({ code: second, dateOfBirth: '1980-04-02', username: username() }).expect(201);
    const reasons = await h.knex('audit_events').where({ action: 'redeem', outcome: 'failed', patient_id: patient.id }).pluck('details');
    expect(reasons.map((details: { reason: string }) => details.reason).sort()).toEqual(['revoked', 'wrong_birth_date', 'wrong_verifier']);
  });

  it("when one device guesses at a code 10 times, then that device is shut out of it, and the patient's own device still redeems it", async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    const guesser = newDevice();
    const guess = `${code.slice(0, 6)}ZZZZZ-ZZZZZ`;
    for (let i = 0; i < 10; i += 1)
      await redeem({ code: guess, dateOfBirth: '1980-04-02', username: username() }, portalToken, guesser).expect(ACTIVATION_REFUSED.status);
    // Shut out: even the right code from that device is refused now.
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }, portalToken, guesser).expect(ACTIVATION_REFUSED.status);
    const row = await h.knex('activation_codes').first('failed_attempts', 'locked_at').where({ patient_id: patient.id });
    expect(row).toEqual({ failed_attempts: 10, locked_at: null });
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }).expect(201);
  });

  it('when strangers guess at a code from many devices, then the code never locks and still works for the patient', async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    const guess = `${code.slice(0, 6)}ZZZZZ-ZZZZZ`;
    for (let device = 0; device < 4; device += 1) {
      const from = newDevice();
      for (let i = 0; i < 10; i += 1)
        await redeem({ code: guess, dateOfBirth: '1980-04-02', username: username() }, portalToken, from).expect(ACTIVATION_REFUSED.status);
    }
    expect(await h.knex('activation_codes').first('failed_attempts', 'locked_at').where({ patient_id: patient.id })).toEqual({
      failed_attempts: 40,
      locked_at: null,
    });
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }).expect(201);
  });

  it('when the right code comes with a wrong birth date 10 times, from whatever devices, then the code locks and even the right answer is refused', async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    for (const device of [newDevice(), newDevice()]) {
      for (let i = 0; i < 5; i += 1)
        await redeem({ code, dateOfBirth: '1999-12-31', username: username() }, portalToken, device).expect(ACTIVATION_REFUSED.status);
    }
    const row = await h.knex('activation_codes').first('failed_attempts', 'birth_date_failures', 'locked_at').where({ patient_id: patient.id });
    expect(row).toMatchObject({ failed_attempts: 10, birth_date_failures: 10 });
    expect(row.locked_at).not.toBeNull();
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }).expect(ACTIVATION_REFUSED.status);
  });

  it('when front desk reissues while the portal redeems the old code, then nobody gets a 500 and the patient never has an account and a live code at once', async () => {
    for (let round = 0; round < 3; round += 1) {
      const patient = await adult();
      const { code } = (await issue(desk, patient.id).expect(201)).body;
      const answers = await Promise.all([
        redeem({ code, dateOfBirth: '1980-04-02', username: username() }),
        ...Array.from({ length: 12 }, () => issue(desk, patient.id)),
      ]);
      expect(answers.map((answer) => answer.status).filter((status) => status >= 500)).toEqual([]);
      const account = await h.knex('portal_accounts').first('status').where({ patient_id: patient.id });
      const live = await h
        .knex('activation_codes')
        .where({ patient_id: patient.id })
        .whereNull('redeemed_at')
        .whereNull('revoked_at')
        .whereNull('locked_at')
        .where('expires_at', '>', h.clock.read());
      expect(account && live.length, `round ${round}`).toBeFalsy();
      // Whatever won, the codes that followed it are refused or redeemed, never a 500.
      for (const issued of answers.slice(1).filter((answer) => answer.status === 201)) {
        const late = await redeem({ code: issued.body.code, dateOfBirth: '1980-04-02', username: username() });
        expect([201, ACTIVATION_REFUSED.status]).toContain(late.status);
      }
    }
  });

  it('when 50 redemptions of one code arrive at once, then exactly one account is created', async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    const answers = await Promise.all(Array.from({ length: 50 }, () => redeem({ code, dateOfBirth: '1980-04-02', username: username() })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === ACTIVATION_REFUSED.status)).toHaveLength(49);
    expect(await h.knex('portal_accounts').where({ patient_id: patient.id }).count<{ count: number }[]>({ count: '*' })).toEqual([{ count: 1 }]);
  });

  it('when the username is taken, then 409 says so and the code stays usable', async () => {
    const taken = username();
    const first = await adult();
    await redeem({ code: (await issue(desk, first.id).expect(201)).body.code, dateOfBirth: '1980-04-02', username: taken }).expect(201);
    const second = await adult();
    const { code } = (await issue(desk, second.id).expect(201)).body;
    const clash = await redeem({ code, dateOfBirth: '1980-04-02', username: taken.toUpperCase() }).expect(409);
    expect(clash.body.code).toBe('username_taken');
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }).expect(201);
  });

  it('when 40 failures from one device arrive at once, then exactly 20 are checked and 20 must wait', async () => {
    aheadOfOtherFilesHousekeeping();
    const device = newDevice();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => redeem({ code: 'ZZZZZ-ZZZZZ-ZZZZZ', dateOfBirth: '1980-04-02', username: username() }, portalToken, device)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === ACTIVATION_REFUSED.status)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
  });

  it('when one device keeps failing, then it must wait (429) before any further check, while other devices go on', async () => {
    const patient = await adult();
    const { code } = (await issue(desk, patient.id).expect(201)).body;
    // After the desk's request: a day on, its session would have ended.
    aheadOfOtherFilesHousekeeping();
    const device = newDevice();
    for (let i = 0; i < 20; i += 1) await redeem({ code: 'ZZZZZ-ZZZZZ-ZZZZZ', dateOfBirth: '1980-04-02', username: username() }, portalToken, device);
    const blocked = await redeem({ code, dateOfBirth: '1980-04-02', username: username() }, portalToken, device).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    await redeem({ code, dateOfBirth: '1980-04-02', username: username() }).expect(201);
  });

  it('when the token is missing, wrong or revoked, then 401', async () => {
    const body = { code: 'ABCDE-FGHJK-MNPQR', dateOfBirth: '1980-04-02', username: username() };
    await supertest(h.app).post('/portal-api/v1/activations').send(body).expect(401);
    await redeem(body, 'pdt_wrong').expect(401);
    const created = await admin.agent.post('/api/portal-tokens').set('X-CSRF-Token', admin.csrf).send({ name: 'Short-lived' }).expect(201);
    await admin.agent.post(`/api/portal-tokens/${created.body.id}/revoke`).set('X-CSRF-Token', admin.csrf).expect(200);
    await redeem(body, created.body.token).expect(401);
  });
});

describe('GET /portal-api/v1/openapi.json', () => {
  it('when fetched, then it documents every portal call and the uniform refusal', async () => {
    const { body } = await supertest(h.app).get('/portal-api/v1/openapi.json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths).sort()).toEqual([
      '/activations',
      '/demographic-change-requests',
      '/demographic-change-requests/{id}',
      '/guest-payment-lookups',
      '/identity-check-failures',
      '/messages',
      '/messages/{threadId}/replies',
      '/openapi.json',
      '/password-resets/spend',
      '/proxy-access',
      '/proxy-requests',
      '/proxy-requests/{id}',
      '/proxy-requests/{id}/documents',
      '/proxy-requests/{id}/withdraw',
      '/proxy-restrictions',
      '/results',
      '/sign-in-events',
    ]);
    expect(body.paths['/activations'].post.responses[String(ACTIVATION_REFUSED.status)].description).toContain('same answer');
  });
});

describe('portal tokens', () => {
  it('when an admin lists tokens, then names and dates come back but never a token or its hash', async () => {
    const response = await admin.agent.get('/api/portal-tokens').expect(200);
    expect(response.body.length).toBeGreaterThan(0);
    expect(JSON.stringify(response.body)).not.toContain(portalToken);
    expect(response.body[0]).not.toHaveProperty('token_hash');
    await desk.agent.get('/api/portal-tokens').expect(403);
    const bad = await admin.agent.post('/api/portal-tokens').set('X-CSRF-Token', admin.csrf).send({ name: ' ' }).expect(400);
    expect(bad.body.errors).toHaveProperty('name');
  });

  it('when a revoked token is revoked again by someone else, then the record keeps who revoked it first, and when', async () => {
    const created = (
      await admin.agent
        .post('/api/portal-tokens')
        .set('X-CSRF-Token', admin.csrf)
        .send({ name: `Twice ${uniqueSuffix()}` })
        .expect(201)
    ).body;
    const first = (await admin.agent.post(`/api/portal-tokens/${created.id}/revoke`).set('X-CSRF-Token', admin.csrf).expect(200)).body;
    h.clock.advance(60_000);
    const other = await signedInAs(h, ['admin']);
    const again = (await other.agent.post(`/api/portal-tokens/${created.id}/revoke`).set('X-CSRF-Token', other.csrf).expect(200)).body;
    expect(again.revoked_at).toBe(first.revoked_at);
    expect(await h.knex('portal_tokens').first('revoked_by').where({ id: created.id })).toEqual({ revoked_by: admin.staff.id });
  });
});

describe('GET /api/activation-codes/report', () => {
  it('when codes were issued, redeemed and left to expire, then the week counts them per desk location with the rate, named as the desk is called today, also as CSV', async () => {
    const clinic = await newLocation(`Clinic ${uniqueSuffix()}`);
    const annex = await newLocation(`Annex ${uniqueSuffix()}`);
    // Monday 2 November 2026, 10:00 in New York.
    h.clock.now = Date.parse('2026-11-02T15:00:00Z');
    const staff = await signedInAs(h, ['front_desk']);
    const patients = [await adult(), await adult(), await adult()];
    const codes = [];
    for (const patient of patients) codes.push((await issue(staff, patient.id, { location_id: clinic.id }).expect(201)).body.code);
    await issue(staff, (await adult()).id, { location_id: annex.id }).expect(201);
    await redeem({ code: codes[0], dateOfBirth: '1980-04-02', username: username() }).expect(201);

    h.clock.now = Date.parse('2027-01-01T15:00:00Z');
    const laterAdmin = await signedInAs(h, ['admin']);
    const renamed = `${clinic.name} (2nd floor)`;
    await laterAdmin.agent.put(`/api/desk-locations/${clinic.id}`).set('X-CSRF-Token', laterAdmin.csrf).send({ name: renamed, version: 1 }).expect(200);
    await laterAdmin.agent.post(`/api/desk-locations/${annex.id}/retire`).set('X-CSRF-Token', laterAdmin.csrf).expect(200);
    const later = await signedInAs(h, ['front_desk']);
    const report = await later.agent.get('/api/activation-codes/report').query({ weeks: 10 }).expect(200);
    const mine = report.body.filter((row: { location_id: number }) => [clinic.id, annex.id].includes(row.location_id));
    expect(mine).toEqual([
      { week: '2026-11-02', location_id: annex.id, location: annex.name, issued: 1, redeemed: 0, expired: 1, redemption_rate: 0 },
      { week: '2026-11-02', location_id: clinic.id, location: renamed, issued: 3, redeemed: 1, expired: 2, redemption_rate: 1 / 3 },
    ]);
    const csv = await later.agent.get('/api/activation-codes/report').query({ weeks: 10, format: 'csv' }).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toContain(`"2026-11-02","${renamed}","3","1","2","33.3"\r\n`);
    await later.agent.get('/api/activation-codes/report').query({ weeks: 0 }).expect(400);
    await (await signedInAs(h, ['clinical'])).agent.get('/api/activation-codes/report').expect(403);
  });
});
