import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
let desk: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
  desk = await signedInAs(h, ['front_desk']);
});
afterAll(() => h.close());

const create = (name: string, who = admin) => who.agent.post('/api/desk-locations').set('X-CSRF-Token', who.csrf).send({ name });
const rename = (id: number, body: object) => admin.agent.put(`/api/desk-locations/${id}`).set('X-CSRF-Token', admin.csrf).send(body);
const retire = (id: number) => admin.agent.post(`/api/desk-locations/${id}/retire`).set('X-CSRF-Token', admin.csrf);
const restore = (id: number) => admin.agent.post(`/api/desk-locations/${id}/restore`).set('X-CSRF-Token', admin.csrf);
const activeNames = async (who: SignedIn = desk) =>
  ((await who.agent.get('/api/desk-locations/active').expect(200)).body as { id: number; name: string }[]).map((location) => location.name);
const issue = (patientId: number, body: object) => desk.agent.post(`/api/patients/${patientId}/activation-codes`).set('X-CSRF-Token', desk.csrf).send(body);

describe('desk locations', () => {
  it('when an admin adds, renames, retires and restores a location, then the issue forms offer it only while active, and each step is audited', async () => {
    const suffix = uniqueSuffix();
    const created = (await create(`  Main   lobby desk ${suffix} `).expect(201)).body;
    expect(created).toMatchObject({ name: `Main lobby desk ${suffix}`, retired_at: null, version: 1, updated_by_username: admin.staff.username });
    expect(await activeNames()).toContain(`Main lobby desk ${suffix}`);

    const renamed = (await rename(created.id, { name: `Main lobby desk ${suffix} (east)`, version: 1 }).expect(200)).body;
    expect(renamed).toMatchObject({ name: `Main lobby desk ${suffix} (east)`, version: 2 });
    const stale = await rename(created.id, { name: 'Anything', version: 1 }).expect(409);
    expect(stale.body.code).toBe('stale_version');

    const retired = (await retire(created.id).expect(200)).body;
    expect(retired.retired_at).not.toBeNull();
    expect(retired.retired_by_username).toBe(admin.staff.username);
    expect(await activeNames()).not.toContain(`Main lobby desk ${suffix} (east)`);
    // Retired, not deleted: the admin's list still has it, among the retired ones.
    const listed = await admin.agent
      .get('/api/desk-locations')
      .query({ filter: JSON.stringify({ active: false, q: suffix }) })
      .expect(200);
    expect(listed.body.map((row: { id: number }) => row.id)).toEqual([created.id]);
    expect(listed.headers['content-range']).toBe('desk-locations 0-0/1');

    await restore(created.id).expect(200);
    expect(await activeNames()).toContain(`Main lobby desk ${suffix} (east)`);
    const audited = await h
      .knex('audit_events')
      .where({ resource: 'desk-locations', resource_id: String(created.id) })
      .orderBy('id')
      .pluck('action');
    expect(audited).toEqual(['create', 'edit', 'deactivate', 'reactivate']);
  });

  it('when a name differs from another only by case or spaces, then 409 names the field and the location that has it, retired ones too', async () => {
    const suffix = uniqueSuffix();
    await create(`Cardiology check-in ${suffix}`).expect(201);
    const clash = await create(`CARDIOLOGY  check-in ${suffix}`).expect(409);
    expect(clash.body).toMatchObject({ code: 'name_taken', errors: { name: `is already taken by “Cardiology check-in ${suffix}”` } });

    const closed = (await create(`West annex ${suffix}`).expect(201)).body;
    await retire(closed.id).expect(200);
    const again = await create(`west annex ${suffix}`).expect(409);
    expect(again.body.message).toMatch(/retired location\. Restore that one/);

    const other = (await create(`Radiology ${suffix}`).expect(201)).body;
    const renamedOnto = await rename(other.id, { name: ` cardiology check-in ${suffix}`, version: 1 }).expect(409);
    expect(renamedOnto.body.errors).toHaveProperty('name');
    expect((await create(' \t ').expect(400)).body.errors).toHaveProperty('name');
    expect((await create('x'.repeat(101)).expect(400)).body.errors).toHaveProperty('name');
  });

  it('when the same desk is added 12 times at once, spelt different ways, then exactly one is added and the others are told the name is taken', async () => {
    const suffix = uniqueSuffix();
    const spellings = Array.from({ length: 12 }, (_, i) => (i % 2 ? `Lobby desk ${suffix}`.toUpperCase() : ` lobby  desk ${suffix}`));
    const answers = await Promise.all(spellings.map((name) => create(name)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    for (const refused of answers.filter((answer) => answer.status === 409)) expect(refused.body.errors).toHaveProperty('name');
    const rows = await h.knex('desk_locations').whereRaw('desk_location_name_key(name) = ?', [`lobby desk ${suffix}`]);
    expect(rows).toHaveLength(1);
  });

  it('when a name is empty, carries a NUL byte or runs to 10,000 characters, then 400 names the field and nothing is added', async () => {
    const before = await h.knex('desk_locations').count({ count: '*' }).first();
    for (const name of ['   ', `Desk\u0000${uniqueSuffix()}`, 'x'.repeat(10_000)]) {
      const refused = await create(name).expect(400);
      expect(Object.keys(refused.body.errors)).toContain('name');
    }
    expect(await h.knex('desk_locations').count({ count: '*' }).first()).toEqual(before);
  });

  it('when two admins rename and retire the same location at once, then neither is lost silently: one wins, the other is refused', async () => {
    const location = (await create(`Cardiology ${uniqueSuffix()}`).expect(201)).body;
    const answers = await Promise.all([rename(location.id, { name: `${location.name} west`, version: 1 }), retire(location.id)]);
    expect(answers.map((answer) => answer.status).every((status) => status === 200 || status === 409)).toBe(true);
    const stored = await h.knex('desk_locations').first('name', 'retired_at', 'version').where({ id: location.id });
    // Both may land in turn (retire takes no version), but each change is a new version and nothing is half-saved.
    expect(stored.version).toBe(1 + answers.filter((answer) => answer.status === 200).length);
  });

  it('when front desk, support or compliance try to manage locations, then 403; anonymous 401; a missing location 404', async () => {
    const location = (await create(`Managed ${uniqueSuffix()}`).expect(201)).body;
    for (const role of ['front_desk', 'support', 'compliance'] as const) {
      const other = await signedInAs(h, [role]);
      await other.agent.get('/api/desk-locations').expect(403);
      await create(`Mine ${uniqueSuffix()}`, other).expect(403);
      await other.agent.post(`/api/desk-locations/${location.id}/retire`).set('X-CSRF-Token', other.csrf).expect(403);
    }
    // Only whoever issues codes picks from the active ones; admins manage the list instead.
    await (await signedInAs(h, ['compliance'])).agent.get('/api/desk-locations/active').expect(403);
    await admin.agent.get('/api/desk-locations/active').expect(403);
    await supertest(h.app).get('/api/desk-locations').expect(401);
    await admin.agent.get('/api/desk-locations/987654321').expect(404);
    await retire(987654321).expect(404);
  });

  it('when a code is issued at a retired or unknown location, then 422 names location_id and no code is issued, alone or in a batch', async () => {
    const closed = (await create(`Closed desk ${uniqueSuffix()}`).expect(201)).body;
    await retire(closed.id).expect(200);
    const patient = await createPatient(h.knex, { date_of_birth: '1980-04-02' });

    const retired = await issue(patient.id, { location_id: closed.id }).expect(422);
    expect(retired.body).toMatchObject({ code: 'location_retired', errors: { location_id: expect.stringContaining(closed.name) } });
    const unknown = await issue(patient.id, { location_id: 987654321 }).expect(422);
    expect(unknown.body).toMatchObject({ code: 'location_unknown', errors: { location_id: expect.any(String) } });
    const batch = await desk.agent
      .post('/api/activation-codes/batch')
      .set('X-CSRF-Token', desk.csrf)
      .send({ patient_ids: [patient.id], location_id: closed.id })
      .expect(422);
    expect(batch.body.errors).toHaveProperty('location_id');
    expect(await h.knex('activation_codes').where({ patient_id: patient.id })).toEqual([]);
  });
});
