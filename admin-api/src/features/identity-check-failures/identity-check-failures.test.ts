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

  it("when support opens a case linked to a patient, then the chart's own fields come beside the report and the look is in that patient's access ledger", async () => {
    const suffix = uniqueSuffix();
    const patient = await createPatient(h.knex, { family_name: `O'Brien-${suffix}`, given_name: 'Maeve', date_of_birth: '1966-06-06' });
    const { body } = await report({
      familyName: `OBrien ${suffix}`,
      givenName: 'Maeve',
      dateOfBirth: '1966-06-06',
      phone: '203-555-0148',
      reason: 'Phone not on the credit file',
    });
    const staff = await signedInAs(h, ['support']);
    const { body: shown } = await staff.agent.get(`/api/identity-check-failures/${body.id}`).expect(200);
    expect(shown).toMatchObject({ family_name: `OBrien ${suffix}`, phone: '203-555-0148', email: null });
    expect(shown.chart).toEqual({
      mrn: patient.mrn,
      family_name: `O'Brien-${suffix}`,
      given_name: 'Maeve',
      date_of_birth: '1966-06-06',
      email: 'pat@example.com',
      phone: '+18605550100',
    });
    // The look at the chart is a read of this patient: it is in their access ledger.
    const read = await h
      .knex('audit_events')
      .first('patient_id', 'details')
      .where({ staff_user_id: staff.staff.id, action: 'show', resource: 'identity-check-failures' });
    expect(read).toEqual({ patient_id: patient.id, details: { chart_shown: true } });

    const { body: unmatched } = await report({ familyName: `Nobody ${suffix}`, givenName: 'Known', dateOfBirth: '1960-01-01', reason: 'No match' });
    expect((await staff.agent.get(`/api/identity-check-failures/${unmatched.id}`).expect(200)).body.chart).toBeNull();
  });

  it('when support resolves a case, then the answer is that case, resolved, with the next open case in queue order, coming back round to the oldest when none follows', async () => {
    // Years ahead, so these three cases come last in the queue, after every other test's.
    const at = (day: number) => Date.parse(`2090-03-0${day}T15:00:00Z`);
    const ids: number[] = [];
    for (const day of [1, 2, 3]) {
      h.clock.now = at(day);
      ids.push((await report({ familyName: `Queue${day}`, givenName: uniqueSuffix(), dateOfBirth: '1970-01-01', reason: 'Questions failed' })).body.id);
    }
    const staff = await signedInAs(h, ['support']);
    const resolve = async (id: number) => {
      const { version } = (await staff.agent.get(`/api/identity-check-failures/${id}`).expect(200)).body;
      return (
        await staff.agent.put(`/api/identity-check-failures/${id}`).set('X-CSRF-Token', staff.csrf).send({ version, resolution: 'Called back.' }).expect(200)
      ).body;
    };

    const second = await resolve(ids[1]);
    expect(second).toMatchObject({ id: ids[1], status: 'resolved', resolution: 'Called back.', next_open_id: ids[2] });
    const last = await resolve(ids[2]);
    expect(last.next_open_id).not.toBeNull();
    expect(ids.slice(1)).not.toContain(last.next_open_id);
    const wrapped = await h.knex('identity_check_failures').first('status', 'reported_at').where({ id: last.next_open_id });
    expect(wrapped.status).toBe('open');
    expect(wrapped.reported_at.getTime()).toBeLessThanOrEqual(at(1));
  });

  it('when another role asks, then 403; anonymous 401; a missing case 404; a bad body 400', async () => {
    await (await signedInAs(h, ['front_desk'])).agent.get('/api/identity-check-failures').expect(403);
    await supertest(h.app).get('/api/identity-check-failures').expect(401);
    await support.agent.get('/api/identity-check-failures/999999999').expect(404);
    const bad = await support.agent.put('/api/identity-check-failures/1').set('X-CSRF-Token', support.csrf).send({ version: 1 }).expect(400);
    expect(bad.body.errors).toHaveProperty('resolution');
  });
});
