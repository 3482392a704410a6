import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createPatient, signedInAs, type Harness, type SignedIn } from '../../testing/harness.ts';
import { AUDIT_EXPORT_CAP } from './audit-events.service.ts';

let h: Harness;
let compliance: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  compliance = await signedInAs(h, ['compliance']);
});
afterAll(() => h.close());

describe('the audit table itself', () => {
  it('when anyone tries UPDATE, DELETE or TRUNCATE on audit_events, then PostgreSQL refuses', async () => {
    const [{ id }] = await h.knex('audit_events')
      .insert({ action: 'probe', resource: 'test', outcome: 'success', roles: [] })
      .returning('id');
    await expect(h.knex('audit_events').where({ id }).update({ action: 'rewritten' })).rejects.toThrow(/append-only/);
    await expect(h.knex('audit_events').where({ id }).delete()).rejects.toThrow(/append-only/);
    await expect(h.knex.raw('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    const [row] = await h.knex('audit_events').where({ id });
    expect(row.action).toBe('probe');
  });
});

describe('GET /api/audit-events', () => {
  it('when not signed in, then 401; other roles get 403', async () => {
    await supertest(h.app).get('/api/audit-events').expect(401);
    for (const role of ['front_desk', 'admin'] as const) {
      const other = await signedInAs(h, [role]);
      await other.agent.get('/api/audit-events').expect(403);
    }
  });

  it('when a front-desk user opens a record, then compliance finds that look by staff user, patient and action', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex);
    await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    const response = await compliance.agent
      .get('/api/audit-events')
      .query({ filter: JSON.stringify({ staff_user_id: desk.staff.id, patient_id: patient.id, action: 'show', outcome: 'success' }) })
      .expect(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject({
      staff_username: desk.staff.username,
      roles: ['front_desk'],
      action: 'show',
      resource: 'patients',
      patient_id: patient.id,
      patient_name: `${patient.family_name}, ${patient.given_name}`,
      patient_mrn: patient.mrn,
      outcome: 'success',
    });
    expect(response.headers['content-range']).toBe('audit-events 0-0/1');
    const one = await compliance.agent.get(`/api/audit-events/${response.body[0].id}`).expect(200);
    expect(one.body.id).toBe(response.body[0].id);
  });

  it('when filtering by time and outcome, then only those rows come back, newest first', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const start = new Date(Date.now() - 1000).toISOString();
    await desk.agent.get('/api/staff-users').expect(403);
    await desk.agent.get('/api/audit-events').expect(403);
    const response = await compliance.agent
      .get('/api/audit-events')
      .query({ filter: JSON.stringify({ staff_user_id: desk.staff.id, outcome: 'denied', occurred_after: start }) })
      .expect(200);
    expect(response.body.map((r: { resource: string }) => r.resource)).toEqual(['audit-events', 'staff-users']);
  });

  it('when a filter is malformed, then 400 names it', async () => {
    const response = await compliance.agent.get('/api/audit-events').query({ filter: JSON.stringify({ occurred_after: 'yesterday' }) });
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty(['filter.occurred_after']);
    await compliance.agent.get('/api/audit-events/12345678901').expect(404);
  });

  it('when compliance reads the audit log, then that read is itself audited with its criteria', async () => {
    const reader = await signedInAs(h, ['compliance']);
    await reader.agent.get('/api/audit-events').query({ filter: JSON.stringify({ action: 'sign-in' }) }).expect(200);
    const [row] = await h.knex('audit_events').where({ staff_user_id: reader.staff.id, resource: 'audit-events', action: 'list' });
    expect(row.details.criteria).toEqual({ action: 'sign-in' });
  });
});

describe('GET /api/patient-access-ledger', () => {
  it('when staff looked at a patient, then the ledger lists who, when, in which role, and nothing about other patients', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const clinician = await signedInAs(h, ['clinical']);
    const patient = await createPatient(h.knex);
    const otherPatient = await createPatient(h.knex);
    await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    await clinician.agent.get(`/api/patients/${patient.id}`).expect(200);
    await desk.agent.get(`/api/patients/${otherPatient.id}`).expect(200);
    const response = await compliance.agent
      .get('/api/patient-access-ledger')
      .query({ filter: JSON.stringify({ patient_id: patient.id }) })
      .expect(200);
    const looks = response.body.filter((r: { resource: string }) => r.resource === 'patients');
    expect(looks.map((r: { staff_username: string; roles: string[] }) => [r.staff_username, r.roles])).toEqual([
      [clinician.staff.username, ['clinical']],
      [desk.staff.username, ['front_desk']],
    ]);
    expect(response.body.every((r: { patient_id: number }) => r.patient_id === patient.id)).toBe(true);
  });

  it('when patient_id is missing, then 400; when the role is not compliance, then 403', async () => {
    const missing = await compliance.agent.get('/api/patient-access-ledger');
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toHaveProperty(['filter.patient_id']);
    const desk = await signedInAs(h, ['front_desk']);
    await desk.agent.get('/api/patient-access-ledger').query({ filter: '{"patient_id":1}' }).expect(403);
  });
});

describe('GET /api/audit-events/export', () => {
  it('when compliance exports a filter, then a CSV of exactly those rows downloads and the export is itself audited', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex, { family_name: '=Formula, Test' });
    for (let i = 0; i < 3; i += 1) await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    const filter = { staff_user_id: desk.staff.id, action: 'show' };
    const response = await compliance.agent.get('/api/audit-events/export').query({ filter: JSON.stringify(filter) }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?audit-log-\d{8}T\d{6}Z\.csv"?$/);
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'occurred_at,staff_username,staff_display_name,roles,action,resource,resource_id,patient_mrn,patient_name,outcome,client_address,request_id,details',
    );
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(1)) {
      expect(line).toContain(`,${desk.staff.username},`);
      expect(line).toContain(`,front_desk,show,patients,${patient.id},${patient.mrn},"'=Formula, Test, `);
    }
    const [audited] = await h.knex('audit_events').where({ staff_user_id: compliance.staff.id, action: 'export' }).orderBy('id', 'desc').limit(1);
    expect(audited).toMatchObject({ resource: 'audit-events', outcome: 'success' });
    expect(audited.details).toEqual({ criteria: filter, rows: 3 });
  });

  it('when more rows match than an export holds, then 400 asks for a narrower filter and nothing is audited as exported', async () => {
    const before = await h.knex('audit_events').where({ staff_user_id: compliance.staff.id, action: 'export' }).count<{ count: number }[]>({ count: '*' });
    const staff = await signedInAs(h, ['front_desk']);
    await h.knex.raw(
      `INSERT INTO audit_events (staff_user_id, staff_username, roles, action, resource, outcome)
       SELECT ?, ?, '{front_desk}', 'search', 'patients', 'success' FROM generate_series(1, ?)`,
      [staff.staff.id, staff.staff.username, AUDIT_EXPORT_CAP + 1],
    );
    const response = await compliance.agent.get('/api/audit-events/export').query({ filter: JSON.stringify({ staff_user_id: staff.staff.id }) });
    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty('filter');
    const after = await h.knex('audit_events').where({ staff_user_id: compliance.staff.id, action: 'export' }).count<{ count: number }[]>({ count: '*' });
    expect(after[0].count).toBe(before[0].count);
  });

  it('when the filter is not JSON or names an unknown field, then 400 names filter; other roles get 403', async () => {
    const broken = await compliance.agent.get('/api/audit-events/export').query({ filter: '{nope' });
    expect(broken.status).toBe(400);
    expect(Object.keys(broken.body.errors).join(' ')).toContain('filter');
    const unknown = await compliance.agent.get('/api/audit-events/export').query({ filter: '{"password":"x"}' });
    expect(unknown.status).toBe(400);
    const desk = await signedInAs(h, ['front_desk']);
    await desk.agent.get('/api/audit-events/export').expect(403);
    await supertest(h.app).get('/api/audit-events/export').expect(401);
  });
});
