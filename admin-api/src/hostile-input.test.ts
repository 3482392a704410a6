import { gzipSync } from 'node:zlib';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from './testing/harness.ts';

/**
 * What an attacker sends a running server: control characters in every kind of field, years
 * PostgreSQL cannot store, bodies that lie about their encoding. Each must be a 4xx naming what
 * is wrong, never a 500.
 */
let h: Harness;
let desk: SignedIn;
let admin: SignedIn;
let compliance: SignedIn;
let portalToken: string;
beforeAll(async () => {
  h = await createHarness();
  desk = await signedInAs(h, ['front_desk']);
  admin = await signedInAs(h, ['admin']);
  compliance = await signedInAs(h, ['compliance']);
  portalToken = (
    await admin.agent
      .post('/api/portal-tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: `Portal ${uniqueSuffix()}` })
      .expect(201)
  ).body.token;
});
afterAll(() => h.close());

const portal = (path: string) => supertest(h.app).post(`/portal-api/v1${path}`).set('Authorization', `Bearer ${portalToken}`);

describe('control characters', () => {
  it('when a NUL byte or another control character is in a sign-in, a filter, a name or a reason, then 400 names the field', async () => {
    const signIn = await supertest(h.app).post('/api/session').send({ username: 'front\u0000desk', password: 'x' });
    expect(signIn.status).toBe(400);
    expect(signIn.body.errors).toHaveProperty('username');

    const search = await desk.agent.get('/api/patients').query({ filter: JSON.stringify({ q: 'Smi\u0000th' }) });
    expect(search.status).toBe(400);
    expect(search.body.errors).toHaveProperty(['filter.q']);

    const bell = await desk.agent.get('/api/patients').query({ filter: JSON.stringify({ mrn: '123\u0007' }) });
    expect(bell.status).toBe(400);
    expect(bell.body.errors).toHaveProperty(['filter.mrn']);

    const created = await admin.agent
      .post('/api/staff-users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username: `n${uniqueSuffix()}`, display_name: 'Nul\u0000Name', roles: ['front_desk'] });
    expect(created.status).toBe(400);
    expect(created.body.errors).toHaveProperty('display_name');

    const staff = (
      await admin.agent
        .post('/api/staff-users')
        .set('X-CSRF-Token', admin.csrf)
        .send({ username: `r${uniqueSuffix()}`, display_name: 'Reason Test', roles: ['billing'] })
        .expect(201)
    ).body;
    const reason = await admin.agent.post(`/api/staff-users/${staff.id}/deactivate`).set('X-CSRF-Token', admin.csrf).send({ reason: 'left\u0000the job' });
    expect(reason.status).toBe(400);
    expect(reason.body.errors).toHaveProperty('reason');
  });

  it('when a reason spans several lines, then the line breaks are kept', async () => {
    const staff = (
      await admin.agent
        .post('/api/staff-users')
        .set('X-CSRF-Token', admin.csrf)
        .send({ username: `l${uniqueSuffix()}`, display_name: 'Lines Test', roles: ['billing'] })
        .expect(201)
    ).body;
    const done = await admin.agent
      .post(`/api/staff-users/${staff.id}/deactivate`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ reason: 'Left the job.\r\nBadge returned.' });
    expect(done.status).toBe(200);
    expect(done.body.deactivation_reason).toBe('Left the job.\r\nBadge returned.');
  });

  it('when a key of the body holds a control character, then 400, not a database error', async () => {
    const response = await desk.agent.get('/api/patients').query({ filter: JSON.stringify({ 'q\u0000': 'x' }) });
    expect(response.status).toBe(400);
  });

  it('when portal fields carry NUL bytes, then the portal gets 400 naming the field', async () => {
    const failure = await portal('/identity-check-failures').send({ familyName: 'Doe\u0000', givenName: 'Jane', dateOfBirth: '1980-01-01', reason: 'x' });
    expect(failure.status).toBe(400);
    expect(failure.body.errors).toHaveProperty('familyName');
    const event = await portal('/sign-in-events').send({ username: 'pat\u0000', event: 'failure' });
    expect(event.status).toBe(400);
    expect(event.body.errors).toHaveProperty('username');
    const activation = await portal('/activations').send({ code: 'ABCDE\u0000', dateOfBirth: '1980-01-01', username: 'someone' });
    expect(activation.status).toBe(400);
    expect(activation.body.errors).toHaveProperty('code');
  });

  it('when JSON is nested thousands deep, then it is refused without harm', async () => {
    const deep = `${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}`;
    const response = await supertest(h.app).post('/api/session').set('Content-Type', 'application/json').send(`{"username":"a","password":"b","x":${deep}}`);
    expect(response.status).toBe(400);
    const [field] = Object.keys(response.body.errors).filter((key) => key !== 'root');
    expect(field).toMatch(/^x\.0\.0\.0.*…$/);
    expect(JSON.stringify(response.body).length).toBeLessThan(1_000);
  });
});

describe('dates PostgreSQL cannot store', () => {
  it('when a filter names year 0000 or 9999, then 400 names the field', async () => {
    for (const date of ['0000-01-01', '9999-12-31']) {
      const response = await desk.agent.get('/api/patients').query({ filter: JSON.stringify({ date_of_birth: date }) });
      expect(response.status, date).toBe(400);
      expect(response.body.errors).toHaveProperty(['filter.date_of_birth']);
    }
    const audit = await compliance.agent.get('/api/audit-events').query({ filter: JSON.stringify({ occurred_after: '0000-01-01T00:00:00Z' }) });
    expect(audit.status).toBe(400);
    expect(audit.body.errors).toHaveProperty(['filter.occurred_after']);
  });

  it('when the portal dates a sign-in event in year 0 or 9999, then 400 names occurredAt', async () => {
    for (const occurredAt of ['0000-01-01T00:00:00Z', '9999-01-01T00:00:00Z']) {
      const response = await portal('/sign-in-events').send({ username: 'nobody', event: 'failure', occurredAt });
      expect(response.status, occurredAt).toBe(400);
      expect(response.body.errors).toHaveProperty('occurredAt');
    }
  });
});

describe('bodies that lie about their encoding', () => {
  // superagent would JSON-encode a Buffer sent as application/json; these bytes go as they are.
  const signIn = () =>
    supertest(h.app)
      .post('/api/session')
      .serialize((body: unknown) => body as string);

  it('when the charset is unknown or the Content-Type malformed, then 415 or 400, never 500', async () => {
    const unknown = await signIn().set('Content-Type', 'application/json; charset=klingon').send('{"username":"a","password":"b"}');
    expect(unknown.status).toBe(415);
    expect(unknown.body.code).toBe('unsupported_charset');
    for (const contentType of ['application/json; charset', 'application/json; charset="', ';;;', 'application/json; charset=utf-8; charset=latin1']) {
      const response = await signIn().set('Content-Type', contentType).send('{"username":"a","password":"b"}');
      expect(response.status, contentType).toBeGreaterThanOrEqual(400);
      expect(response.status, contentType).toBeLessThan(500);
    }
  });

  it('when the Content-Encoding is unknown or the gzip body is broken, then 415 or 400', async () => {
    const unknown = await signIn().set('Content-Type', 'application/json').set('Content-Encoding', 'x-klingon').send('{"username":"a","password":"b"}');
    expect(unknown.status).toBe(415);
    expect(unknown.body.code).toBe('unsupported_encoding');
    const broken = await signIn().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(Buffer.from('not gzip at all'));
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('malformed_request');
  });

  it('when a well-formed gzip body arrives, then it is read like any other', async () => {
    const response = await signIn()
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync(JSON.stringify({ username: desk.staff.username, password: desk.staff.password })));
    expect(response.status).toBe(201);
  });

  it('when a CSV upload arrives compressed, then 415: files are taken as they are', async () => {
    const response = await admin.agent
      .post('/api/patients/import')
      .set('X-CSRF-Token', admin.csrf)
      .set('Content-Type', 'text/csv')
      .set('Content-Encoding', 'gzip')
      .send(gzipSync('mrn,family_name,given_name,date_of_birth,sex\n'));
    expect(response.status).toBe(415);
  });
});

describe('huge values', () => {
  it('when a path id is 15,000 characters long, then 400 and the audit trail keeps a short prefix at most', async () => {
    const patient = await createPatient(h.knex);
    const long = `${patient.id}${'9'.repeat(15_000)}`;
    const anonymous = await supertest(h.app).get(`/api/patients/${long}`);
    expect(anonymous.status).toBe(401);
    const signedIn = await (await signedInAs(h, ['billing'])).agent.get(`/api/staff-users/${long}`);
    expect(signedIn.status).toBe(403);
    const stored = await h
      .knex('audit_events')
      .max({ longest: h.knex.raw('length(resource_id)') })
      .first();
    expect(Number(stored!.longest)).toBeLessThanOrEqual(40);
  });
});
