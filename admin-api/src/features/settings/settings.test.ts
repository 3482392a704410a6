import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signedInAs, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
});
afterAll(() => h.close());

const put = (by: SignedIn, key: string, body: object) => by.agent.put(`/api/settings/${key}`).set('X-CSRF-Token', by.csrf).send(body);

describe('settings', () => {
  it('when not signed in, then 401; when not an admin, then 403', async () => {
    await supertest(h.app).get('/api/settings').expect(401);
    const desk = await signedInAs(h, ['front_desk']);
    await desk.agent.get('/api/settings').expect(403);
  });

  it('when an admin lists settings, then the DOMAIN defaults are there with descriptions', async () => {
    const response = await admin.agent.get('/api/settings').query({ range: '[0,99]' }).expect(200);
    const byKey = Object.fromEntries(response.body.map((row: { id: string; value: unknown }) => [row.id, row.value]));
    expect(byKey).toMatchObject({ 'session.idle_minutes': 15, 'session.absolute_hours': 12, 'organization.time_zone': 'America/New_York' });
    expect(response.headers['content-range']).toMatch(/^settings 0-\d+\/\d+$/);
  });

  it('when a value breaks its rule, then 400 names value and nothing changes', async () => {
    const { body: before } = await admin.agent.get('/api/settings/password.min_length').expect(200);
    const why = { 8: 'must be at least 12 characters', twelve: 'must be a number of characters', 12.5: 'must be a whole number of characters' };
    for (const [value, predicate] of [
      [8, why[8]],
      ['twelve', why.twelve],
      [12.5, why[12.5]],
    ] as const) {
      const response = await put(admin, 'password.min_length', { value, version: before.version });
      expect(response.status).toBe(400);
      expect(response.body.errors.value).toBe(predicate);
      expect(response.body.message).toBe(`password.min_length ${predicate}.`);
    }
    const idle = await admin.agent.get('/api/settings/session.idle_minutes').expect(200);
    expect((await put(admin, 'session.idle_minutes', { value: 0, version: idle.body.version })).body.errors.value).toBe('must be at least 1 minute');
    const zone = await put(admin, 'organization.time_zone', { value: 'Mars/Olympus_Mons', version: 1 });
    expect(zone.status).toBe(400);
    expect(zone.body.errors.value).toMatch(/IANA/);
    const { body: after } = await admin.agent.get('/api/settings/password.min_length').expect(200);
    expect(after).toMatchObject({ value: before.value, version: before.version });
    await admin.agent.get('/api/settings/no.such.key').expect(400);
  });

  it('when business hours are not a time of day, or would close before they open, then 400 and the calendar keeps its hours', async () => {
    // Only refusals here: other test files count due dates over these hours at the same time.
    const { body: opens } = await admin.agent.get('/api/settings/business_day.opens').expect(200);
    const { body: closes } = await admin.agent.get('/api/settings/business_day.closes').expect(200);
    expect([opens.value, closes.value]).toEqual(['08:00', '16:00']);
    for (const value of ['8am', '25:00', '08:60', 800]) {
      expect((await put(admin, 'business_day.opens', { value, version: opens.version })).status, String(value)).toBe(400);
    }
    const backwards = await put(admin, 'business_day.opens', { value: '17:00', version: opens.version }).expect(400);
    expect(backwards.body.message).toMatch(/open before it closes/);
    await put(admin, 'business_day.closes', { value: '07:00', version: closes.version }).expect(400);
    expect((await admin.agent.get('/api/settings/business_day.opens')).body).toMatchObject({ value: '08:00', version: opens.version });
  });

  it('when two admins change the same setting, then the second is refused with 409 and the change is audited', async () => {
    const other = await signedInAs(h, ['admin']);
    const { body } = await admin.agent.get('/api/settings/password_reset.link_hours').expect(200);
    const first = await put(admin, 'password_reset.link_hours', { value: 48, version: body.version }).expect(200);
    expect(first.body).toMatchObject({ value: 48, version: body.version + 1, updated_by_username: admin.staff.username });
    const second = await put(other, 'password_reset.link_hours', { value: 2, version: body.version });
    expect(second.status).toBe(409);
    const [audit] = await h.knex('audit_events').where({ resource: 'settings', resource_id: 'password_reset.link_hours', staff_user_id: admin.staff.id });
    expect(audit.details).toMatchObject({ from: body.value, to: 48 });
    await put(admin, 'password_reset.link_hours', { value: body.value, version: body.version + 1 }).expect(200);
  });

  it('when the organization name changes, then the console learns it at the next session check', async () => {
    const { body } = await admin.agent.get('/api/settings/organization.name').expect(200);
    await put(admin, 'organization.name', { value: 'Riverside Health', version: body.version }).expect(200);
    try {
      const session = await admin.agent.get('/api/session').expect(200);
      expect(session.body.organization.name).toBe('Riverside Health');
    } finally {
      await put(admin, 'organization.name', { value: body.value, version: body.version + 1 }).expect(200);
    }
  });
});
