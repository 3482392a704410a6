import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { createHarness, createPatient, signedInAs, type Harness, type SignedIn } from '../../testing/harness.ts';
import { AUDIT_EXPORT_CAP } from './audit-events.service.ts';
import { isoInZone } from '../../lib/clock.ts';

let h: Harness;
let compliance: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  compliance = await signedInAs(h, ['compliance']);
});
afterAll(() => h.close());

describe('the audit table itself', () => {
  const probe = async () => {
    const [{ id }] = await h
      .knex('audit_events')
      .insert({ occurred_at: h.clock.read(), action: 'probe', resource: 'test', outcome: 'success', roles: [] })
      .returning('id');
    return id as number;
  };

  it("when the API's own database role tries to disable the triggers, UPDATE, DELETE or TRUNCATE, then PostgreSQL refuses all four", async () => {
    const id = await probe();
    await expect(h.knex.raw('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_or_delete')).rejects.toThrow(/must be owner/);
    await expect(h.knex.raw('ALTER TABLE audit_events DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(h.knex('audit_events').where({ id }).update({ action: 'rewritten' })).rejects.toThrow(/permission denied/);
    await expect(h.knex('audit_events').where({ id }).delete()).rejects.toThrow(/permission denied/);
    await expect(h.knex.raw('TRUNCATE audit_events')).rejects.toThrow(/permission denied/);
    await expect(h.knex.raw('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
    const [row] = await h.knex('audit_events').where({ id });
    expect(row.action).toBe('probe');
  });

  it('when even the owner tries UPDATE, DELETE or TRUNCATE, then the triggers refuse', async () => {
    const id = await probe();
    const owner = createKnex(inject('ownerDatabaseUrl'), 1);
    try {
      await expect(owner('audit_events').where({ id }).update({ action: 'rewritten' })).rejects.toThrow(/append-only/);
      await expect(owner('audit_events').where({ id }).delete()).rejects.toThrow(/append-only/);
      await expect(owner.raw('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    } finally {
      await owner.destroy();
    }
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

  it("when compliance filters by the MRN staff know, then that patient's looks are found; an MRN nobody has is a 400 on that field, not an empty list", async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex);
    await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    const byMrn = (mrn: string) => compliance.agent.get('/api/audit-events').query({ filter: JSON.stringify({ patient_mrn: mrn, action: 'show' }) });

    const found = await byMrn(` ${patient.mrn} `).expect(200);
    expect(found.body.map((row: { patient_mrn: string; staff_username: string }) => [row.patient_mrn, row.staff_username])).toEqual([
      [patient.mrn, desk.staff.username],
    ]);

    const unknown = await byMrn('99999999999').expect(400);
    expect(unknown.body.errors.patient_mrn).toBe('No patient has this MRN. Check the number.');
    const exported = await compliance.agent.get('/api/audit-events/export').query({ filter: JSON.stringify({ patient_mrn: '99999999999' }) });
    expect(exported.status).toBe(400);
  });

  it('when filtering by time and outcome, then only those rows come back, newest first', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    // Rows are dated by the test's clock: what follows happens after `start`, what came before not.
    h.clock.advance(60_000);
    const start = h.clock.read().toISOString();
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
    await reader.agent
      .get('/api/audit-events')
      .query({ filter: JSON.stringify({ action: 'sign-in' }) })
      .expect(200);
    const [row] = await h.knex('audit_events').where({ staff_user_id: reader.staff.id, resource: 'audit-events', action: 'list' });
    expect(row.details.criteria).toEqual({ action: 'sign-in' });
  });
});

describe('denied requests', () => {
  it('when 200 anonymous requests probe patient ids from one address, then the trail gains one row at once and one tally, not 200', async () => {
    const probed = await createHarness({ trustProxy: 1 });
    try {
      const address = '203.0.113.200';
      for (let id = 1; id <= 200; id += 1) {
        await supertest(probed.app).get(`/api/patients/${id}`).set('X-Forwarded-For', address).expect(401);
      }
      const rows = () => h.knex('audit_events').whereRaw('client_address = ?::inet', [address]).orderBy('id');
      expect(await rows()).toHaveLength(1);
      await probed.flush();
      const [first, tally] = await rows();
      expect(first).toMatchObject({ outcome: 'denied', resource: 'patients', resource_id: '1', staff_user_id: null });
      expect(tally).toMatchObject({
        outcome: 'denied',
        action: 'access',
        resource: 'api',
        details: { anonymous_denials: 199, routes: { 'GET /patients/:id': 199 } },
      });
    } finally {
      await probed.close();
    }
  });

  it('when anonymous probes rotate through an IPv6 /64 or through many addresses, then the rows written stay bounded', async () => {
    const probed = await createHarness({ trustProxy: 1 });
    try {
      for (let i = 1; i <= 300; i += 1) {
        await supertest(probed.app)
          .get('/api/patients/1')
          .set('X-Forwarded-For', `2001:db8:77:1::${i.toString(16)}`)
          .expect(401);
      }
      await probed.flush();
      const network = await h.knex('audit_events').whereRaw("client_address <<= '2001:db8:77:1::/64'::inet").orderBy('id');
      expect(network).toHaveLength(2);
      expect(network[1].details).toMatchObject({ anonymous_denials: 299 });

      const before = await h.knex('audit_events').max({ id: 'id' }).first();
      for (let i = 1; i <= 150; i += 1) {
        await supertest(probed.app).get('/api/staff-users').set('X-Forwarded-For', `198.18.0.${i}`).expect(401);
      }
      await probed.flush();
      // Only this test's rows: other files deny staff-users and flush tallies into the same table
      // meanwhile. Ours carry a 198.18.0.x address, all but the overflow tally, which has none
      // and is known by its routes.
      const written = await h
        .knex('audit_events')
        .where('id', '>', before!.id)
        .whereIn('resource', ['staff-users', 'api'])
        .where({ outcome: 'denied' })
        .where((mine) =>
          mine
            .whereRaw("client_address <<= '198.18.0.0/24'::inet")
            .orWhere((overflow) =>
              overflow
                .whereNull('client_address')
                .where({ resource: 'api', request_id: 'aggregated' })
                .whereRaw("details->'routes'->'GET /staff-users' IS NOT NULL"),
            ),
        );
      const oneByOne = written.filter((row) => row.resource === 'staff-users');
      const tallied = written.filter((row) => row.resource === 'api').reduce((sum, row) => sum + row.details.anonymous_denials, 0);
      expect(oneByOne.length).toBeLessThanOrEqual(100);
      expect(oneByOne.length + tallied).toBe(150);
    } finally {
      await probed.close();
    }
  });

  it('when a signed-in staff member is denied, then every denial is audited on its own', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    for (let i = 0; i < 3; i += 1) await desk.agent.get('/api/audit-events').expect(403);
    expect(await h.knex('audit_events').where({ staff_user_id: desk.staff.id, outcome: 'denied' })).toHaveLength(3);
  });
});

describe('GET /api/audit-events/export', () => {
  it('when compliance exports a filter, then a CSV of exactly those rows downloads and the export is itself audited', async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex, { family_name: '=Formula, Test' });
    for (let i = 0; i < 3; i += 1) await desk.agent.get(`/api/patients/${patient.id}`).expect(200);
    const filter = { staff_user_id: desk.staff.id, action: 'show' };
    const response = await compliance.agent
      .get('/api/audit-events/export')
      .query({ filter: JSON.stringify(filter) })
      .expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?audit-log-\d{8}T\d{6}Z\.csv"?$/);
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"occurred_at","what_happened","staff_username","staff_display_name","roles","action","resource","resource_id","patient_mrn","patient_name","outcome","client_address","request_id","details"',
    );
    expect(lines).toHaveLength(4);
    // Times as the screen shows them: the organization's wall clock, with the offset that makes them exact.
    const shown = isoInZone(h.clock.read(), 'America/New_York');
    expect(shown).toMatch(/-0[45]:00$/);
    for (const line of lines.slice(1)) {
      expect(line.startsWith(`"${shown}","Opened the record of =Formula, Test, ${patient.given_name} (MRN ${patient.mrn})","${desk.staff.username}",`)).toBe(
        true,
      );
      expect(line).toContain(`,"front_desk","show","patients","${patient.id}","${patient.mrn}","'=Formula, Test, `);
    }
    const [audited] = await h.knex('audit_events').where({ staff_user_id: compliance.staff.id, action: 'export' }).orderBy('id', 'desc').limit(1);
    expect(audited).toMatchObject({ resource: 'audit-events', outcome: 'success' });
    expect(audited.details).toEqual({ criteria: filter, rows: 3 });
  });

  it("when compliance exports a staff member's day, then each line says what happened in words, beside the codes, at the organization's time with its offset", async () => {
    const desk = await signedInAs(h, ['front_desk']);
    const patient = await createPatient(h.knex, { given_name: 'Ada' });
    await desk.agent.get(`/api/patients/${patient.id}/portal-account`).expect(200);
    h.clock.advance(60_000);
    await desk.agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ q: patient.family_name }) })
      .expect(200);
    h.clock.advance(60_000);
    await desk.agent.get('/api/audit-events').expect(403);
    const response = await compliance.agent
      .get('/api/audit-events/export')
      .query({ filter: JSON.stringify({ staff_user_id: desk.staff.id }) })
      .expect(200);
    const cells = (line: string) => line.slice(1, -1).split('","');
    const [header, ...rows] = response.text.trimEnd().split('\r\n').map(cells);
    const column = (name: string) => rows.map((row) => row[header.indexOf(name)]);
    // The sign-in is the first thing the new staff member did.
    expect(column('what_happened')).toEqual([
      'Searched the audit log — refused',
      'Searched patients: 1 listed',
      `Viewed the portal account of ${patient.family_name}, Ada (MRN ${patient.mrn})`,
      'Signed in',
    ]);
    expect(rows.map((row) => `${row[header.indexOf('action')]} ${row[header.indexOf('resource')]} ${row[header.indexOf('outcome')]}`)).toEqual([
      'list audit-events denied',
      'search patients success',
      'show portal-accounts success',
      'sign-in session success',
    ]);
    const at = (ms: number) => isoInZone(new Date(ms), 'America/New_York');
    expect(column('occurred_at').slice(0, 3)).toEqual([at(h.clock.now), at(h.clock.now - 60_000), at(h.clock.now - 120_000)]);
    expect(column('occurred_at')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[45]:00$/);
  });

  it('when more rows match than an export holds, then 400 asks for a narrower filter and nothing is audited as exported', async () => {
    const before = await h.knex('audit_events').where({ staff_user_id: compliance.staff.id, action: 'export' }).count<{ count: number }[]>({ count: '*' });
    const staff = await signedInAs(h, ['front_desk']);
    await h.knex.raw(
      `INSERT INTO audit_events (occurred_at, staff_user_id, staff_username, roles, action, resource, outcome)
       SELECT ?, ?, ?, '{front_desk}', 'search', 'patients', 'success' FROM generate_series(1, ?)`,
      [h.clock.read(), staff.staff.id, staff.staff.username, AUDIT_EXPORT_CAP + 1],
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
