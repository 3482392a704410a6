import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandLineActor } from '../../lib/audit.ts';
import { federalHolidays } from '../../lib/business-days.ts';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import { addComingFederalHolidays } from './business-holidays.service.ts';

// The holidays are one calendar for the whole database: these tests keep to years nobody else uses.
let h: Harness;
let admin: SignedIn;
let realNow: number;
beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  admin = await signedInAs(h, ['admin']);
});
afterEach(async () => {
  // A test that moves the clock ends every session; the next one starts from a fresh sign-in.
  if (h.clock.now !== realNow) {
    h.clock.now = realNow;
    admin = await signedInAs(h, ['admin']);
  }
});
afterAll(() => h.close());

const add = (body: object) => admin.agent.post('/api/business-holidays').set('X-CSRF-Token', admin.csrf).send(body);
const ofYear = async (year: number) =>
  (
    await admin.agent
      .get('/api/business-holidays')
      .query({ filter: JSON.stringify({ year }), range: '[0,99]' })
      .expect(200)
  ).body as { id: number; date: string; name: string; source: string; version: number }[];

describe('business holidays', () => {
  it('when an admin adds, renames and removes a holiday, then the list follows, each step is audited, and a stale edit is refused', async () => {
    const created = (await add({ date: '2035-03-14', name: 'Founders Day' }).expect(201)).body;
    expect(created).toMatchObject({ date: '2035-03-14', name: 'Founders Day', source: 'admin', version: 1, updated_by_username: admin.staff.username });
    const put = (body: object) => admin.agent.put(`/api/business-holidays/${created.id}`).set('X-CSRF-Token', admin.csrf).send(body);
    await put({ date: '2035-03-15', name: 'Founders Day (moved)', version: 1 }).expect(200);
    const stale = await put({ date: '2035-03-16', name: 'Again', version: 1 }).expect(409);
    expect(stale.body.code).toBe('stale_version');
    expect((await ofYear(2035)).map((row) => [row.date, row.name])).toEqual([['2035-03-15', 'Founders Day (moved)']]);
    await admin.agent.delete(`/api/business-holidays/${created.id}`).set('X-CSRF-Token', admin.csrf).expect(200);
    expect(await ofYear(2035)).toEqual([]);
    const audited = await h
      .knex('audit_events')
      .where({ resource: 'business-holidays', resource_id: String(created.id) })
      .orderBy('id')
      .pluck('action');
    expect(audited).toEqual(['create', 'edit', 'delete']);
  });

  it('when a date is already a holiday, or a field is bad, then 409 or 400 names it and nothing is saved', async () => {
    await add({ date: '2035-05-05', name: 'Closure' }).expect(201);
    const twice = await add({ date: '2035-05-05', name: 'Again' }).expect(409);
    expect(twice.body.code).toBe('date_taken');
    expect((await add({ date: '2035-02-30', name: 'x' }).expect(400)).body.errors).toHaveProperty('date');
    expect((await add({ date: '0000-01-01', name: 'x' }).expect(400)).body.errors).toHaveProperty('date');
    expect((await add({ date: '2035-06-06', name: ' ' }).expect(400)).body.errors).toHaveProperty('name');
    expect((await add({ date: '2035-06-06', name: 'Nul\u0000' }).expect(400)).body.errors).toHaveProperty('name');
    const other = (await add({ date: '2035-05-06', name: 'Other' }).expect(201)).body;
    const clash = await admin.agent
      .put(`/api/business-holidays/${other.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ date: '2035-05-05', name: 'Other', version: 1 });
    expect(clash.status).toBe(409);
    expect((await ofYear(2035)).map((row) => row.date)).toEqual(['2035-05-05', '2035-05-06']);
  });

  it('when another role or nobody asks, then 403 or 401', async () => {
    for (const role of ['support', 'compliance'] as const) {
      const other = await signedInAs(h, [role]);
      await other.agent.get('/api/business-holidays').expect(403);
      await other.agent.post('/api/business-holidays').set('X-CSRF-Token', other.csrf).send({ date: '2035-07-07', name: 'x' }).expect(403);
    }
    await supertest(h.app).get('/api/business-holidays').expect(401);
  });

  it("when a year's federal holidays are added, then each weekday holiday once, as observed; the start-up addition never puts back one an admin removed", async () => {
    const first = await admin.agent.post('/api/business-holidays/federal').set('X-CSRF-Token', admin.csrf).send({ year: 2037 }).expect(201);
    expect(first.body).toEqual({ year: 2037, added: federalHolidays(2037).length });
    expect((await ofYear(2037)).map((row) => row.date)).toEqual(
      federalHolidays(2037)
        .map((holiday) => holiday.date)
        .filter((date) => date.startsWith('2037')),
    );
    const again = await admin.agent.post('/api/business-holidays/federal').set('X-CSRF-Token', admin.csrf).send({ year: 2037 }).expect(201);
    expect(again.body.added).toBe(0);

    const [removed] = await ofYear(2037);
    await admin.agent.delete(`/api/business-holidays/${removed.id}`).set('X-CSRF-Token', admin.csrf).expect(200);
    h.clock.now = Date.parse('2037-06-01T12:00:00Z');
    await addComingFederalHolidays(h.deps, commandLineActor('test', h.clock.read), 'America/New_York');
    admin = await signedInAs(h, ['admin']);
    expect((await ofYear(2037)).map((row) => row.date)).not.toContain(removed.date);
    // The two years after it were added by that same start.
    expect((await ofYear(2038)).length).toBe(federalHolidays(2038).filter((holiday) => holiday.date.startsWith('2038')).length);
  });

  it("when an admin adds a holiday on a case's due day, then support sees the due date move past it", async () => {
    const token = (
      await admin.agent
        .post('/api/portal-tokens')
        .set('X-CSRF-Token', admin.csrf)
        .send({ name: `Calendar ${uniqueSuffix()}` })
    ).body.token;
    // Tuesday 4 March 2036, 10:00 in New York.
    h.clock.now = Date.parse('2036-03-04T15:00:00Z');
    admin = await signedInAs(h, ['admin']);
    const patient = await createPatient(h.knex, { date_of_birth: '1971-01-01' });
    const { body } = await supertest(h.app)
      .post('/portal-api/v1/identity-check-failures')
      .set('Authorization', `Bearer ${token}`)
      .send({ familyName: patient.family_name, givenName: patient.given_name, dateOfBirth: '1971-01-01', reason: 'Questions failed' })
      .expect(201);
    const support = await signedInAs(h, ['support']);
    const dueAt = async () => (await support.agent.get(`/api/identity-check-failures/${body.id}`).expect(200)).body.due_at;
    expect(await dueAt()).toBe('2036-03-05T15:00:00.000Z');
    await add({ date: '2036-03-05', name: 'Storm closure' }).expect(201);
    expect(await dueAt()).toBe('2036-03-06T15:00:00.000Z');
  });
});
