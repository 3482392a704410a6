import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
});
afterAll(() => h.close());

const body = (name: string, overrides: object = {}) => ({ name, billingPhone: '860-972-4993', acceptsOnlinePayments: true, ...overrides });
const create = (sent: object, who = admin) => who.agent.post('/api/service-locations').set('X-CSRF-Token', who.csrf).send(sent);
const update = (id: number, sent: object, who = admin) => who.agent.put(`/api/service-locations/${id}`).set('X-CSRF-Token', who.csrf).send(sent);

describe('service locations', () => {
  it('when an admin adds and changes a location, then the phone is stored as E.164 and shown as people read it, the version steps, and each step is audited', async () => {
    const suffix = uniqueSuffix();
    const created = (await create(body(`  Main   campus ${suffix} `)).expect(201)).body;
    expect(created).toMatchObject({
      name: `Main campus ${suffix}`,
      billing_phone: '+18609724993',
      billing_phone_display: '(860) 972-4993',
      accepts_online_payments: true,
      version: 1,
      updated_by_username: admin.staff.username,
    });

    const changed = (
      await update(created.id, { name: `Main campus ${suffix}`, billingPhone: '+1 (203) 555 0142', acceptsOnlinePayments: false, version: 1 }).expect(200)
    ).body;
    expect(changed).toMatchObject({ billing_phone: '+12035550142', billing_phone_display: '(203) 555-0142', accepts_online_payments: false, version: 2 });
    const stale = await update(created.id, { ...body('Anything'), version: 1 }).expect(409);
    expect(stale.body.code).toBe('stale_version');

    const shown = (await admin.agent.get(`/api/service-locations/${created.id}`).expect(200)).body;
    expect(shown).toEqual(changed);
    const listed = await admin.agent
      .get('/api/service-locations')
      .query({ filter: JSON.stringify({ q: suffix.toUpperCase(), accepts_online_payments: false }) })
      .expect(200);
    expect(listed.body.map((row: { id: number }) => row.id)).toEqual([created.id]);
    expect(listed.headers['content-range']).toBe('service-locations 0-0/1');

    const audited = await h
      .knex('audit_events')
      .where({ resource: 'service-locations', resource_id: String(created.id) })
      .orderBy('id')
      .select('action', 'details');
    expect(audited.map((row) => row.action)).toEqual(['create', 'edit', 'show']);
    expect(audited[1].details).toEqual({
      billing_phone: { from: '+18609724993', to: '+12035550142' },
      accepts_online_payments: { from: true, to: false },
    });
  });

  it.each(['860-972-4993', '(860) 972-4993', '+1 860 972 4993', '8609724993', '1.860.972.4993'])(
    'when the billing phone is written as %s, then it is stored as +18609724993',
    async (billingPhone) => {
      const created = (await create(body(`Phone ${uniqueSuffix()}`, { billingPhone })).expect(201)).body;
      expect(created.billing_phone).toBe('+18609724993');
    },
  );

  it('when the billing phone is not a US number, then 400 names billingPhone and nothing is added', async () => {
    const name = `Bad phone ${uniqueSuffix()}`;
    for (const billingPhone of ['972-4993', '+44 20 7946 0958', '(060) 972-4993', 'call us', '', 8609724993]) {
      const refused = await create(body(name, { billingPhone })).expect(400);
      expect(Object.keys(refused.body.errors)).toContain('billingPhone');
    }
    expect(await h.knex('service_locations').where({ name }).first()).toBeUndefined();
  });

  it('when a name differs from another only by case or spaces, then 409 name_taken names the field, on create and on change', async () => {
    const suffix = uniqueSuffix();
    await create(body(`Cardiology clinic ${suffix}`)).expect(201);
    const clash = await create(body(`CARDIOLOGY  clinic ${suffix}`)).expect(409);
    expect(clash.body).toMatchObject({ code: 'name_taken', errors: { name: `is already taken by “Cardiology clinic ${suffix}”` } });
    const other = (await create(body(`Radiology ${suffix}`)).expect(201)).body;
    const renamedOnto = await update(other.id, { ...body(` cardiology clinic ${suffix}`), version: 1 }).expect(409);
    expect(renamedOnto.body.code).toBe('name_taken');
    expect((await admin.agent.get(`/api/service-locations/${other.id}`).expect(200)).body.version).toBe(1);
  });

  it('when the same location is added 8 times at once, then exactly one is added and the others are told the name is taken', async () => {
    const suffix = uniqueSuffix();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => create(body(i % 2 ? `North ${suffix}`.toUpperCase() : ` north  ${suffix}`))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(7).fill(409)]);
  });

  it('when two admins change the same location from the same version at once, then one wins and the other is told it is stale', async () => {
    const location = (await create(body(`Race ${uniqueSuffix()}`)).expect(201)).body;
    const answers = await Promise.all([
      update(location.id, { ...body(location.name, { acceptsOnlinePayments: false }), version: 1 }),
      update(location.id, { ...body(location.name, { billingPhone: '203-555-0142' }), version: 1 }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.code).toBe('stale_version');
    expect((await admin.agent.get(`/api/service-locations/${location.id}`).expect(200)).body.version).toBe(2);
  });

  it('when a field is empty, carries a NUL byte, runs to 10,000 characters or is of the wrong kind, then 400 names it', async () => {
    const cases: [object, string][] = [
      [body('   '), 'name'],
      [body(`Nul\u0000${uniqueSuffix()}`), 'name'],
      [body('x'.repeat(10_000)), 'name'],
      [body(`Long phone ${uniqueSuffix()}`, { billingPhone: '8'.repeat(10_000) }), 'billingPhone'],
      [body(`Yes ${uniqueSuffix()}`, { acceptsOnlinePayments: 'yes' }), 'acceptsOnlinePayments'],
      [{ ...body(`Extra ${uniqueSuffix()}`), id: 5 }, 'root'],
    ];
    for (const [sent, field] of cases) {
      const refused = await create(sent).expect(400);
      if (field !== 'root') expect(Object.keys(refused.body.errors)).toContain(field);
    }
    const location = (await create(body(`Versioned ${uniqueSuffix()}`)).expect(201)).body;
    expect((await update(location.id, body(location.name)).expect(400)).body.errors).toHaveProperty('version');
  });

  it('when billing or compliance read locations, then they list them and open one, but change none; support is refused; anonymous 401; a missing one 404', async () => {
    const location = (await create(body(`Roles ${uniqueSuffix()}`)).expect(201)).body;
    for (const role of ['billing', 'compliance'] as const) {
      const reader = await signedInAs(h, [role]);
      await reader.agent.get('/api/service-locations').expect(200);
      expect((await reader.agent.get(`/api/service-locations/${location.id}`).expect(200)).body).toMatchObject({
        id: location.id,
        billing_phone_display: '(860) 972-4993',
      });
      await reader.agent.get('/api/service-locations/987654321').expect(404);
      await create(body(`Mine ${uniqueSuffix()}`), reader).expect(403);
      await update(location.id, { ...body(location.name), version: 1 }, reader).expect(403);
    }
    for (const role of ['support', 'front_desk', 'roi', 'clinical'] as const) {
      const other = await signedInAs(h, [role]);
      await other.agent.get('/api/service-locations').expect(403);
      await create(body(`Mine ${uniqueSuffix()}`), other).expect(403);
    }
    await supertest(h.app).get('/api/service-locations').expect(401);
    await supertest(h.app).post('/api/service-locations').send(body('Anonymous')).expect(401);
    await admin.agent.get('/api/service-locations/987654321').expect(404);
    await update(987654321, { ...body(`Gone ${uniqueSuffix()}`), version: 1 }).expect(404);
  });
});
