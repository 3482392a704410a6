import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let support: SignedIn;
let portalToken: string;
let realNow: number;
beforeAll(async () => {
  h = await createHarness();
  realNow = h.clock.now;
  support = await signedInAs(h, ['support']);
  const admin = await signedInAs(h, ['admin']);
  portalToken = (
    await admin.agent
      .post('/api/portal-tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: `Portal ${uniqueSuffix()}` })
  ).body.token;
  // The due dates below cross Thanksgiving 2026.
  await admin.agent.post('/api/business-holidays/federal').set('X-CSRF-Token', admin.csrf).send({ year: 2026 }).expect(201);
});
afterEach(() => {
  h.clock.now = realNow;
});
afterAll(() => h.close());

const report = (body: object) =>
  supertest(h.app).post('/portal-api/v1/identity-check-failures').set('Authorization', `Bearer ${portalToken}`).send(body).expect(201);

describe('identity-check failures queue', () => {
  it('when the portal reports a case, then support sees it due one business day of working hours later, overdue once past it', async () => {
    // Wednesday 25 November 2026, 10:00 in New York; Thanksgiving follows.
    h.clock.now = Date.parse('2026-11-25T15:00:00Z');
    const patient = await createPatient(h.knex, { date_of_birth: '1970-03-03' });
    const { body } = await report({ familyName: patient.family_name, givenName: patient.given_name, dateOfBirth: '1970-03-03', reason: 'Questions failed' });
    const staff = await signedInAs(h, ['support']);
    const listed = await staff.agent
      .get('/api/identity-check-failures')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    expect(listed.body).toHaveLength(1);
    // Wednesday 10:00 plus one business day: Thanksgiving does not count, so Friday 10:00.
    expect(listed.body[0]).toMatchObject({ id: body.id, status: 'open', patient_mrn: patient.mrn, due_at: '2026-11-27T15:00:00.000Z', overdue: false });
    h.clock.now = Date.parse('2026-11-28T15:00:00Z');
    const later = await signedInAs(h, ['support']);
    const again = await later.agent.get(`/api/identity-check-failures/${body.id}`).expect(200);
    expect(again.body.overdue).toBe(true);
  });

  it('when the portal reports a name spelt without its apostrophe, accents or hyphen, then the case is still linked to the patient', async () => {
    const suffix = uniqueSuffix();
    const patient = await createPatient(h.knex, { family_name: `O’Connell-${suffix}`, given_name: 'Éamon', date_of_birth: '1971-04-04' });
    const { body } = await report({ familyName: `OConnell ${suffix}`, givenName: 'EAMON', dateOfBirth: '1971-04-04', reason: 'Questions failed' });
    const { body: shown } = await support.agent.get(`/api/identity-check-failures/${body.id}`).expect(200);
    expect(shown).toMatchObject({ patient_id: patient.id, patient_mrn: patient.mrn, family_name: `OConnell ${suffix}` });
  });

  it('when support resolves a case, then it closes with who and what; a second resolve on the old version is refused', async () => {
    const { body } = await report({ familyName: 'Nobody', givenName: 'Known', dateOfBirth: '1960-01-01', reason: 'No match' });
    const { version } = (await support.agent.get(`/api/identity-check-failures/${body.id}`).expect(200)).body;
    const resolved = await support.agent
      .put(`/api/identity-check-failures/${body.id}`)
      .set('X-CSRF-Token', support.csrf)
      .send({ version, resolution: 'Called back; not our patient.' })
      .expect(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'Called back; not our patient.', overdue: false });
    const stale = await support.agent.put(`/api/identity-check-failures/${body.id}`).set('X-CSRF-Token', support.csrf).send({ version, resolution: 'Again' });
    expect(stale.status).toBe(409);
  });

  it('when another role asks, then 403; anonymous 401; a missing case 404; a bad body 400', async () => {
    await (await signedInAs(h, ['front_desk'])).agent.get('/api/identity-check-failures').expect(403);
    await supertest(h.app).get('/api/identity-check-failures').expect(401);
    await support.agent.get('/api/identity-check-failures/999999999').expect(404);
    const bad = await support.agent.put('/api/identity-check-failures/1').set('X-CSRF-Token', support.csrf).send({ version: 1 }).expect(400);
    expect(bad.body.errors).toHaveProperty('resolution');
  });
});
