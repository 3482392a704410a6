import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLedgerEntry } from '../audit-events/audit-labels.ts';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import type { Role } from '../../auth/policy.ts';

let h: Harness;
let compliance: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  compliance = await signedInAs(h, ['compliance']);
});
afterAll(() => h.close());

interface Line {
  id: number;
  occurred_at: string;
  staff_username: string | null;
  roles: string[];
  action: string;
  resource: string;
  outcome: string;
  listed_among: number | null;
  searched_for: Record<string, unknown> | null;
  details: Record<string, unknown> | null;
}

const ledger = (patientId: number, range?: [number, number]) =>
  compliance.agent
    .get('/api/patient-access-ledger')
    .query({ filter: JSON.stringify({ patient_id: patientId }), ...(range ? { range: JSON.stringify(range) } : {}) })
    .expect(200);

/** The ledger's lines written by one staff member, in words, newest first. */
const linesBy = async (patientId: number, staff: SignedIn) =>
  ((await ledger(patientId)).body as Line[]).filter((line) => line.staff_username === staff.staff.username).map((line) => describeLedgerEntry(line));

describe('GET /api/patient-access-ledger', () => {
  it('when a search lists the patient among others, then their ledger has one line for it, saying what was searched and among how many, naming nobody else', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const family = `Ledgerfam${uniqueSuffix()}`;
    const patient = await createPatient(h.knex, { family_name: family, given_name: 'Ada' });
    const others = [
      await createPatient(h.knex, { family_name: family, given_name: 'Bertrand' }),
      await createPatient(h.knex, { family_name: family, given_name: 'Cyrille' }),
    ];
    const notListed = await createPatient(h.knex);

    await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    h.clock.advance(60_000);
    const search = await desk.agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ q: family.slice(0, -2) }) })
      .expect(200);
    expect(search.body).toHaveLength(3);
    h.clock.advance(60_000);
    // A search that did not list the patient is not theirs.
    await desk.agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ mrn: notListed.mrn }) })
      .expect(200);

    const response = await ledger(patient.id);
    const mine = (response.body as Line[]).filter((line) => line.staff_username === desk.staff.username);
    expect(mine.map((line) => [line.action, line.resource, line.listed_among, line.searched_for])).toEqual([
      ['search', 'patients', 3, { name: family.slice(0, -2) }],
      ['show', 'patients', null, null],
    ]);
    expect(mine.map(describeLedgerEntry)).toEqual([`Searched for names starting “${family.slice(0, -2)}”: listed among 3 results`, 'Opened the record']);
    expect(mine[0].roles).toEqual(['front_desk']);
    expect(Date.parse(mine[0].occurred_at)).toBeGreaterThan(Date.parse(mine[1].occurred_at));
    expect(mine[0].details).toBeNull();
    const answer = JSON.stringify(response.body);
    for (const other of others) {
      expect(answer).not.toContain(other.given_name);
      expect(answer).not.toContain(other.mrn);
    }
    expect(answer).not.toContain(notListed.mrn);

    // The patient it did not list finds it nowhere in theirs; a patient it listed finds the same single line.
    expect(await linesBy(notListed.id, desk)).toEqual([`Searched for MRN ${notListed.mrn}: listed among 1 result`]);
    expect(await linesBy(others[0].id, desk)).toEqual([`Searched for names starting “${family.slice(0, -2)}”: listed among 3 results`]);
  });

  it('when patients are looked up by id, then the ledger says how many were chosen, never which', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const [patient, other] = [await createPatient(h.knex), await createPatient(h.knex)];
    await desk.agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ id: [patient.id, other.id] }) })
      .expect(200);
    const [line] = ((await ledger(patient.id)).body as Line[]).filter((entry) => entry.staff_username === desk.staff.username);
    expect(line.searched_for).toEqual({ chosen: 2 });
    expect(line.details).toBeNull();
    expect(describeLedgerEntry(line)).toBe('Searched for 2 chosen patients: listed among 2 results');
  });

  it('when the ledger is longer than a page, then it pages newest first with Content-Range, and reading it is itself a line of it', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex);
    for (let i = 0; i < 3; i += 1) {
      h.clock.advance(1_000);
      await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    }
    h.clock.advance(1_000);
    const first = await ledger(patient.id, [0, 1]);
    expect(first.headers['content-range']).toBe('patient-access-ledger 0-1/4');
    const [reading, latestLook] = first.body as Line[];
    // The read that answered is already in the ledger, on top.
    expect([reading.staff_username, describeLedgerEntry(reading)]).toEqual([compliance.staff.username, 'Viewed this access ledger']);
    expect([latestLook.staff_username, describeLedgerEntry(latestLook)]).toEqual([desk.staff.username, 'Opened the record']);
    const [audited] = await h.knex('audit_events').where({ id: reading.id });
    expect(audited).toMatchObject({ action: 'list', resource: 'patient-access-ledger', patient_id: patient.id, staff_user_id: compliance.staff.id });

    const second = await ledger(patient.id, [2, 3]);
    expect(second.headers['content-range']).toBe('patient-access-ledger 2-3/5');
    expect((second.body as Line[]).map(describeLedgerEntry)).toEqual(['Opened the record', 'Opened the record']);
  });

  it('when patient_id is missing, then 400; anonymous, 401; every role but compliance, 403', async () => {
    const missing = await compliance.agent.get('/api/patient-access-ledger');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toHaveProperty(['filter.patient_id']);
    await supertest(h.app).get('/api/patient-access-ledger').query({ filter: '{"patient_id":1}' }).expect(401);
    for (const role of ['front_desk', 'support', 'roi', 'clinical', 'billing', 'admin'] satisfies Role[]) {
      const other = await signedInAs(h, [role]);
      await other.agent.get('/api/patient-access-ledger').query({ filter: '{"patient_id":1}' }).expect(403);
    }
  });
});
