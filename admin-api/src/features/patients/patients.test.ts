import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let desk: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  desk = await signedInAs(h, ['front_desk']);
});
afterAll(() => h.close());

const search = (agent: SignedIn['agent'], filter: object, extra: Record<string, string> = {}) =>
  agent.get('/api/patients').query({ filter: JSON.stringify(filter), ...extra });

describe('GET /api/patients (search)', () => {
  it('when not signed in, then 401', async () => {
    await supertest(h.app).get('/api/patients').expect(401);
  });

  it('when the role has no patient access, then 403', async () => {
    const admin = await signedInAs(h, ['admin']);
    const response = await search(admin.agent, { q: 'smith' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it('when searching by family-name prefix, then matches come sorted by name with a Content-Range', async () => {
    const family = `Zed${uniqueSuffix()}`;
    await createPatient(h.knex, { family_name: `${family}b`, given_name: 'Anna' });
    await createPatient(h.knex, { family_name: `${family}a`, given_name: 'Zoe' });
    await createPatient(h.knex, { family_name: `${family}a`, given_name: 'Bob' });
    await createPatient(h.knex, { family_name: `Other${uniqueSuffix()}`, given_name: 'Anna' });
    const response = await search(desk.agent, { q: family.toLowerCase() }).expect(200);
    expect(response.body.map((p: { given_name: string }) => p.given_name)).toEqual(['Bob', 'Zoe', 'Anna']);
    expect(response.headers['content-range']).toBe('patients 0-2/3');
  });

  it('when searching "family, given", then both prefixes must match', async () => {
    const family = `Pair${uniqueSuffix()}`;
    await createPatient(h.knex, { family_name: family, given_name: 'Jonathan' });
    await createPatient(h.knex, { family_name: family, given_name: 'Mary' });
    const response = await search(desk.agent, { q: `${family}, jo` }).expect(200);
    expect(response.body.map((p: { given_name: string }) => p.given_name)).toEqual(['Jonathan']);
  });

  it('when searching with match=contains, then a substring anywhere in the name matches', async () => {
    const middle = uniqueSuffix();
    await createPatient(h.knex, { family_name: `Van${middle}berg`, given_name: 'Ida' });
    const prefix = await search(desk.agent, { q: middle }).expect(200);
    expect(prefix.body).toHaveLength(0);
    const contains = await search(desk.agent, { q: middle, match: 'contains' }).expect(200);
    expect(contains.body).toHaveLength(1);
  });

  it('when a contains fragment is common (hundreds of patients), then its pages follow the name order one after another, with the total', async () => {
    const fragment = uniqueSuffix();
    const families = Array.from({ length: 230 }, (_, i) => `Walk${String(229 - i).padStart(3, '0')}${fragment}`);
    for (let i = 0; i < families.length; i += 50) {
      await Promise.all(families.slice(i, i + 50).map((family) => createPatient(h.knex, { family_name: family, given_name: 'Ana' })));
    }
    const inNameOrder = [...families].sort();
    const page = (range: string) => search(desk.agent, { q: fragment, match: 'contains' }, { sort: JSON.stringify(['family_name', 'ASC']), range });

    const first = await page('[0,24]').expect(200);
    expect(first.body.map((p: { family_name: string }) => p.family_name)).toEqual(inNameOrder.slice(0, 25));
    expect(first.headers['content-range']).toBe('patients 0-24/230');
    const second = await page('[25,49]').expect(200);
    expect(second.body.map((p: { family_name: string }) => p.family_name)).toEqual(inNameOrder.slice(25, 50));
  });

  it('when the name contains LIKE wildcards, then they match literally', async () => {
    const response = await search(desk.agent, { q: '%', match: 'contains' });
    expect(response.status).toBe(400);
    const literal = await search(desk.agent, { q: '%%%_', match: 'contains' }).expect(200);
    expect(literal.body).toHaveLength(0);
  });

  it('when searching by MRN or date of birth, then exact matches come back with the age', async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1931-02-03' });
    const byMrn = await search(desk.agent, { mrn: patient.mrn }).expect(200);
    expect(byMrn.body).toHaveLength(1);
    expect(byMrn.body[0]).toMatchObject({ id: patient.id, date_of_birth: '1931-02-03', deceased: false });
    expect(byMrn.body[0].age).toBeGreaterThanOrEqual(95);
    const byDob = await search(desk.agent, { date_of_birth: '1931-02-03', q: patient.family_name }).expect(200);
    expect(byDob.body.map((p: { id: number }) => p.id)).toEqual([patient.id]);
  });

  it('when an MRN is typed with a leading "MRN", "MRN:" or "MRN#" or with spaces, then the patient is found and the audit row keeps the bare MRN', async () => {
    const { agent, staff } = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex);
    const typed = [
      `MRN ${patient.mrn}`,
      `mrn:${patient.mrn}`,
      `Mrn# ${patient.mrn}`,
      ` MRN : ${patient.mrn} `,
      `${patient.mrn.slice(0, 4)} ${patient.mrn.slice(4)}`,
    ];
    for (const mrn of typed) {
      const response = await search(agent, { mrn }).expect(200);
      expect(
        response.body.map((p: { id: number }) => p.id),
        mrn,
      ).toEqual([patient.id]);
    }
    const rows = await h.knex('audit_events').where({ staff_user_id: staff.id, action: 'search' });
    expect(rows.map((row) => row.details.criteria)).toEqual(typed.map(() => ({ mrn: patient.mrn })));
    const bare = await search(agent, { mrn: 'MRN: ' });
    expect(bare.status).toBe(400);
    expect(bare.body.errors['filter.mrn']).toBe('is empty: type an MRN');
  });

  it('when no criterion is given, then the answer is empty: staff search, they do not browse', async () => {
    const response = await desk.agent.get('/api/patients').expect(200);
    expect(response.body).toEqual([]);
    expect(response.headers['content-range']).toBe('patients */0');
  });

  it('when a filter or sort field is not allowed, then 400 names it and nothing is queried', async () => {
    const badFilter = await search(desk.agent, { ssn: '123-45-6789' });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors).toHaveProperty(['filter.ssn']);
    const badSort = await desk.agent.get('/api/patients').query({ sort: JSON.stringify(['email', 'ASC']) });
    expect(badSort.status).toBe(400);
    expect(badSort.body.errors).toHaveProperty('sort');
    const badDate = await search(desk.agent, { date_of_birth: '2023-02-30' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors['filter.date_of_birth']).toMatch(/real calendar date/);
  });

  it('when more rows match than the count cap, then the total is "*" and X-Total-At-Least says the cap', async () => {
    const family = `Many${uniqueSuffix()}`;
    await h.knex('patients').insert(
      Array.from({ length: 12 }, (_, i) => ({
        mrn: `M${uniqueSuffix()}${i}`,
        family_name: family,
        given_name: `G${String(i).padStart(2, '0')}`,
        date_of_birth: '1990-01-01',
        sex: 'male',
        created_at: h.clock.read(),
        updated_at: h.clock.read(),
      })),
    );
    await h.knex('settings').where({ key: 'patients.search_count_cap' }).update({ value: '10' });
    try {
      const response = await search(desk.agent, { q: family }, { range: '[0,4]' }).expect(200);
      expect(response.body).toHaveLength(5);
      expect(response.headers['content-range']).toBe('patients 0-4/*');
      expect(response.headers['x-total-at-least']).toBe('10');
      const beyond = await search(desk.agent, { q: family }, { range: '[10,14]' });
      expect(beyond.status).toBe(400);
    } finally {
      await h.knex('settings').where({ key: 'patients.search_count_cap' }).update({ value: '1000' });
    }
  });

  it('when a search runs, then the audit row keeps its criteria and which patients it showed, never their data', async () => {
    const { agent, staff } = await signedInAs(h, ['support']);
    const patient = await createPatient(h.knex);
    await search(agent, { q: patient.family_name }).expect(200);
    const [row] = await h.knex('audit_events').where({ staff_user_id: staff.id, action: 'search' });
    expect(row).toMatchObject({ resource: 'patients', outcome: 'success', patient_id: null, roles: ['support'], listed_patient_ids: [patient.id] });
    expect(row.details.criteria).toEqual({ q: patient.family_name });
    expect(JSON.stringify(row.details)).not.toContain(patient.mrn);
    expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.client_address).toBeTruthy();
  });

  it('when front desk asks for patients by a list of ids, then more than a page of the list (25) is refused', async () => {
    const { agent } = await signedInAs(h, ['front_desk']);
    const page = Array.from({ length: 25 }, (_, i) => i + 1);
    await search(agent, { id: page }).expect(200);
    const bulk = await search(agent, { id: [...page, 26] }).expect(400);
    expect(bulk.body.errors['filter.id']).toMatch(/at most 25/);
    const all = await search(agent, { id: Array.from({ length: 100 }, (_, i) => i + 1) }).expect(400);
    expect(all.body.errors).toHaveProperty(['filter.id']);
  });

  it('when many searches run at once, then every one has its own audit row by the time it is answered', async () => {
    const { agent, staff } = await signedInAs(h, ['support']);
    const mrns = Array.from({ length: 30 }, (_, i) => `BATCH${uniqueSuffix()}${i}`);
    const answers = await Promise.all(mrns.map((mrn) => search(agent, { mrn })));
    expect(answers.map((answer) => answer.status)).toEqual(mrns.map(() => 200));
    const rows = await h.knex('audit_events').where({ staff_user_id: staff.id, action: 'search' });
    expect(rows.map((row) => row.details.criteria.mrn).sort()).toEqual([...mrns].sort());
    expect(new Set(rows.map((row) => row.request_id)).size).toBe(mrns.length);
  });
});

describe('GET /api/patients/:id', () => {
  it('when the patient exists, then the record comes with age in the organization’s time zone, contact details and an audit row', async () => {
    const realNow = h.clock.now;
    // 03:00 UTC on 15 June is still 14 June in New York: the 26th birthday has not come yet there.
    h.clock.now = Date.parse('2026-06-15T03:00:00Z');
    const { agent, staff } = await signedInAs(h, ['clinical']);
    const patient = await createPatient(h.knex, { date_of_birth: '2000-06-15' });
    const response = await agent.get(`/api/patients/${patient.id}`).expect(200);
    h.clock.now = realNow;
    expect(response.body).toMatchObject({ id: patient.id, mrn: patient.mrn, phone: '+18605550100', email: 'pat@example.com', city: 'Hartford', state: 'CT' });
    expect(response.body.age).toBe(25);
    const audit = await h.knex('audit_events').where({ staff_user_id: staff.id, action: 'show', patient_id: patient.id });
    expect(audit).toHaveLength(1);
  });

  it('when the patient is deceased, then the record says so and the age stops at death', async () => {
    const patient = await createPatient(h.knex, { date_of_birth: '1950-01-01', deceased_date: '2020-06-01' });
    const response = await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    expect(response.body).toMatchObject({ deceased: true, deceased_date: '2020-06-01', age: 70 });
  });

  it('when the patient does not exist, then 404', async () => {
    const response = await desk.agent.get('/api/patients/999999999');
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('when the id is not a number, then 400 names id', async () => {
    const response = await desk.agent.get('/api/patients/abc');
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty('id');
  });

  it('when the role may not see patients, then 403 and a denied audit row', async () => {
    const admin = await signedInAs(h, ['admin']);
    const patient = await createPatient(h.knex);
    await admin.agent.get(`/api/patients/${patient.id}`).expect(403);
    const [row] = await h.knex('audit_events').where({ staff_user_id: admin.staff.id, outcome: 'denied' });
    expect(row).toMatchObject({ action: 'show', resource: 'patients', resource_id: String(patient.id) });
  });
});
