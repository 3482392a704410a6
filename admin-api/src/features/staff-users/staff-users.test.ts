import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { provisionTestDatabase } from '@portaldesk/db/testing';
import { createHarness, createStaff, signIn, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
});
afterAll(() => h.close());

const create = (by: SignedIn, body: object) => by.agent.post('/api/staff-users').set('X-CSRF-Token', by.csrf).send(body);

describe('staff users', () => {
  it('when not signed in, then 401; when not an admin, then 403', async () => {
    await supertest(h.app).get('/api/staff-users').expect(401);
    const desk = await signedInAs(h, ['front_desk']);
    await desk.agent.get('/api/staff-users').expect(403);
    await create(desk, { username: `x${uniqueSuffix()}`, display_name: 'X', roles: ['admin'] }).expect(403);
  });

  it('when an admin creates a staff member, then the answer has a one-time link and no password anywhere', async () => {
    const username = `new${uniqueSuffix()}`;
    const response = await create(admin, { username, display_name: 'New Person', roles: ['front_desk', 'support'] }).expect(201);
    expect(response.body).toMatchObject({
      username,
      display_name: 'New Person',
      roles: ['front_desk', 'support'],
      active: true,
      password_set: false,
      version: 1,
    });
    expect(response.body.password_link.url).toMatch(/^http:\/\/console\.test\/#\/set-password\?token=[\w-]{43}$/);
    expect(response.body).not.toHaveProperty('password_hash');
    const shown = await admin.agent.get(`/api/staff-users/${response.body.id}`).expect(200);
    expect(shown.body).not.toHaveProperty('password_link');
    expect(shown.body).not.toHaveProperty('password_hash');
    const [audit] = await h.knex('audit_events').where({ action: 'create', resource: 'staff-users', resource_id: String(response.body.id) });
    expect(audit.staff_user_id).toBe(admin.staff.id);
  });

  it('when the username is taken or fields are bad, then 409 or 400 names the field in a sentence and nothing is saved', async () => {
    const existing = await createStaff(h.knex, ['billing']);
    const taken = await create(admin, { username: existing.username, display_name: 'Dup', roles: ['billing'] });
    expect(taken.status).toBe(409);
    expect(taken.body.errors.username).toMatch(/taken/);
    const bad = await create(admin, { username: 'A B', display_name: '', roles: ['wizard'] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['username', 'display_name', 'roles.0']));
    const none = await create(admin, { username: `ok${uniqueSuffix()}`, display_name: 'No roles', roles: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors.roles).toBe('needs at least one role');
    // Each field's message follows its name, so the whole message reads as sentences.
    expect(none.body.message).toBe('roles needs at least one role.');
    expect(await h.knex('staff_users').where({ display_name: 'No roles' })).toHaveLength(0);
  });

  it('when two admins edit the same staff member, then the second save is refused with 409 and the first stands', async () => {
    const target = await createStaff(h.knex, ['front_desk']);
    const otherAdmin = await signedInAs(h, ['admin']);
    const { body: read } = await admin.agent.get(`/api/staff-users/${target.id}`).expect(200);
    await admin.agent
      .put(`/api/staff-users/${target.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ display_name: 'First Edit', roles: ['front_desk', 'support'], version: read.version })
      .expect(200);
    const second = await otherAdmin.agent
      .put(`/api/staff-users/${target.id}`)
      .set('X-CSRF-Token', otherAdmin.csrf)
      .send({ display_name: 'Second Edit', roles: ['billing'], version: read.version });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('stale_version');
    const { body: after } = await admin.agent.get(`/api/staff-users/${target.id}`).expect(200);
    expect(after).toMatchObject({ display_name: 'First Edit', roles: ['front_desk', 'support'], version: read.version + 1 });
  });

  it('when roles change, then the staff member’s next request uses the new roles', async () => {
    const person = await signedInAs(h, ['front_desk']);
    await person.agent.get('/api/staff-users').expect(403);
    const { body } = await admin.agent.get(`/api/staff-users/${person.staff.id}`);
    await admin.agent
      .put(`/api/staff-users/${person.staff.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ display_name: body.display_name, roles: ['compliance'], version: body.version })
      .expect(200);
    await person.agent.get('/api/audit-events').expect(200);
    await person.agent.get('/api/patients').query({ filter: '{"q":"a"}' }).expect(200);
  });

  it('when an admin would remove their own admin role or deactivate themselves, then it is refused', async () => {
    const { body } = await admin.agent.get(`/api/staff-users/${admin.staff.id}`);
    const demote = await admin.agent
      .put(`/api/staff-users/${admin.staff.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ display_name: body.display_name, roles: ['front_desk'], version: body.version });
    expect(demote.status).toBe(403);
    const deactivate = await admin.agent
      .post(`/api/staff-users/${admin.staff.id}/deactivate`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ reason: 'testing myself' });
    expect(deactivate.status).toBe(400);
  });
});

describe('separation of duties', () => {
  const edit = (by: SignedIn, id: number, body: object) => by.agent.put(`/api/staff-users/${id}`).set('X-CSRF-Token', by.csrf).send(body);

  it('when an admin grants themselves clinical or compliance, then 403, no role changes, patient data stays closed and the attempt is audited', async () => {
    const self = await signedInAs(h, ['admin']);
    for (const role of ['clinical', 'compliance'] as const) {
      const { body } = await self.agent.get(`/api/staff-users/${self.staff.id}`).expect(200);
      const response = await edit(self, self.staff.id, { display_name: body.display_name, roles: ['admin', role], version: body.version });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'own_roles', errors: { roles: 'cannot be changed on your own account' } });
      const sameAgain = await edit(self, self.staff.id, { display_name: body.display_name, roles: [role], version: body.version });
      expect(sameAgain.status).toBe(403);
    }
    expect((await self.agent.get(`/api/staff-users/${self.staff.id}`)).body.roles).toEqual(['admin']);
    await self.agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ q: 'smith' }) })
      .expect(403);
    const attempts = await h.knex('audit_events').where({ staff_user_id: self.staff.id, action: 'grant-role', outcome: 'denied' }).orderBy('id');
    expect(attempts).toHaveLength(4);
    expect(attempts[0].details).toMatchObject({ reason: 'own_roles', roles: { from: ['admin'], to: ['admin', 'clinical'] } });
  });

  it('when anyone changes their own roles, whatever their roles, then 403; a name change alone is fine', async () => {
    const self = await signedInAs(h, ['admin']);
    const { body } = await self.agent.get(`/api/staff-users/${self.staff.id}`);
    await edit(self, self.staff.id, { display_name: 'A New Name', roles: ['admin'], version: body.version }).expect(200);
  });

  it('when admin is to be held together with a role that reads patient data, then 400 names roles, on create and on edit', async () => {
    const created = await create(admin, { username: `mix${uniqueSuffix()}`, display_name: 'Mixed', roles: ['admin', 'clinical'] });
    expect(created.status).toBe(400);
    expect(created.body.errors.roles).toMatch(/admin cannot be combined with clinical/);
    const other = await createStaff(h.knex, ['support']);
    const { body } = await admin.agent.get(`/api/staff-users/${other.id}`);
    const mixed = await edit(admin, other.id, { display_name: body.display_name, roles: ['support', 'admin'], version: body.version });
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors.roles).toMatch(/admin cannot be combined with support/);
    expect((await admin.agent.get(`/api/staff-users/${other.id}`)).body.roles).toEqual(['support']);
  });

  it('when SQL adds a patient-data role to an admin behind the API, then the database itself refuses', async () => {
    const someone = await createStaff(h.knex, ['admin']);
    await expect(h.knex('staff_user_roles').insert({ staff_user_id: someone.id, role: 'compliance' })).rejects.toThrow(/admin cannot be held together/);
    const reader = await createStaff(h.knex, ['roi']);
    await expect(h.knex('staff_user_roles').insert({ staff_user_id: reader.id, role: 'admin' })).rejects.toThrow(/admin cannot be held together/);
    await expect(h.knex('staff_user_roles').where({ staff_user_id: reader.id }).update({ role: 'admin' })).resolves.toBe(1);
  });

  it("when the API's database role tries to rewrite the role catalogue or shadow it, then the rule still holds", async () => {
    await expect(h.knex('roles').where({ name: 'clinical' }).update({ reads_patient_data: false })).rejects.toThrow(/permission denied/);
    const someone = await createStaff(h.knex, ['admin']);
    await h.knex
      .transaction(async (trx) => {
        await trx.raw('CREATE TEMP TABLE roles (name text, label text, description text, reads_patient_data boolean) ON COMMIT DROP');
        await trx.raw("INSERT INTO roles VALUES ('compliance', 'x', 'x', false)");
        await expect(trx('staff_user_roles').insert({ staff_user_id: someone.id, role: 'compliance' })).rejects.toThrow(/admin cannot be held together/);
      })
      .catch((error: Error) => expect(error.message).toMatch(/admin cannot be held together/));
    expect((await h.knex('staff_user_roles').where({ staff_user_id: someone.id })).map((row) => row.role)).toEqual(['admin']);
  });

  it("when two admins remove each other's admin role at the same moment, then one active admin is left", async () => {
    // Alone on a database of its own: the shared test database has admins from every other test.
    const database = await provisionTestDatabase('portaldesk_admins');
    const knex = createKnex(database.connectionString, 4);
    const alone = await createHarness({ knex });
    try {
      const [a, b] = [await signIn(alone.app, await createStaff(knex, ['admin'])), await signIn(alone.app, await createStaff(knex, ['admin']))];
      const read = async (who: SignedIn, id: number) => (await who.agent.get(`/api/staff-users/${id}`).expect(200)).body;
      const [aRecord, bRecord] = [await read(b, a.staff.id), await read(a, b.staff.id)];
      const answers = await Promise.all([
        edit(a, b.staff.id, { display_name: bRecord.display_name, roles: ['billing'], version: bRecord.version }),
        edit(b, a.staff.id, { display_name: aRecord.display_name, roles: ['billing'], version: aRecord.version }),
      ]);
      // The loser is refused either as the last admin (400) or, when the winner's change landed
      // before its request was checked, as no longer an admin at all (403).
      const [won, lost] = answers.map((answer) => answer.status).sort();
      expect(won).toBe(200);
      expect([400, 403]).toContain(lost);
      const admins = await knex('staff_user_roles').where({ role: 'admin' });
      expect(admins).toHaveLength(1);
    } finally {
      await alone.close();
      await knex.destroy();
      await database.teardown();
    }
  });

  it('when a refused combination is tried, then the attempt shows in the role-change report', async () => {
    const target = await createStaff(h.knex, ['billing']);
    const { body } = await admin.agent.get(`/api/staff-users/${target.id}`);
    await edit(admin, target.id, { display_name: body.display_name, roles: ['billing', 'admin'], version: body.version }).expect(400);
    const compliance = await signedInAs(h, ['compliance']);
    const report = await compliance.agent
      .get('/api/role-changes')
      .query({ filter: JSON.stringify({ staff_user_id: target.id }) })
      .expect(200);
    expect(report.body).toEqual([
      expect.objectContaining({
        change: 'refused',
        reason: 'roles_not_allowed_together',
        requested_roles: ['billing', 'admin'],
        changed_by_username: admin.staff.username,
      }),
    ]);
  });

  it('when two admins add admin and a reading role to one person at the same moment, then at most one of them wins', async () => {
    const second = await signedInAs(h, ['admin']);
    for (let round = 0; round < 5; round += 1) {
      const target = await createStaff(h.knex, ['billing']);
      const { body } = await admin.agent.get(`/api/staff-users/${target.id}`);
      const [a, b] = await Promise.all([
        edit(admin, target.id, { display_name: body.display_name, roles: ['billing', 'compliance'], version: body.version }),
        edit(second, target.id, { display_name: body.display_name, roles: ['admin'], version: body.version }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const roles = (await admin.agent.get(`/api/staff-users/${target.id}`)).body.roles;
      expect(roles.includes('admin') && roles.length > 1).toBe(false);
    }
  });

  it('when roles are granted and removed, then each is audited and the privacy office reads them in the role-change report, also as CSV', async () => {
    const person = (await create(admin, { username: `rc${uniqueSuffix()}`, display_name: 'Role Change', roles: ['front_desk'] }).expect(201)).body;
    await edit(admin, person.id, { display_name: 'Role Change', roles: ['support', 'roi'], version: person.version }).expect(200);

    const compliance = await signedInAs(h, ['compliance']);
    const report = await compliance.agent
      .get('/api/role-changes')
      .query({ filter: JSON.stringify({ staff_user_id: person.id }) })
      .expect(200);
    expect(report.headers['content-range']).toBe('role-changes 0-3/4');
    expect(
      report.body.map((row: { change: string; role: string; changed_by_username: string; staff_username: string }) => [
        row.change,
        row.role,
        row.changed_by_username,
        row.staff_username,
      ]),
    ).toEqual([
      ['removed', 'front_desk', admin.staff.username, person.username],
      ['granted', 'roi', admin.staff.username, person.username],
      ['granted', 'support', admin.staff.username, person.username],
      ['granted', 'front_desk', admin.staff.username, person.username],
    ]);
    expect(report.body[0]).toMatchObject({ change: expect.any(String), changed_by_roles: ['admin'] });

    const refused = await compliance.agent
      .get('/api/role-changes')
      .query({ filter: JSON.stringify({ change: 'refused' }) })
      .expect(200);
    expect(refused.body.every((row: { change: string }) => row.change === 'refused')).toBe(true);

    const csv = await compliance.agent
      .get('/api/role-changes/export')
      .query({ filter: JSON.stringify({ staff_user_id: person.id }) })
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"occurred_at","change","role","staff_username","staff_display_name","changed_by_username","changed_by_roles","reason","requested_roles","client_address"',
    );
    expect(lines).toHaveLength(5);

    await admin.agent.get('/api/role-changes').expect(403);
    await (await signedInAs(h, ['front_desk'])).agent.get('/api/role-changes').expect(403);
    await supertest(h.app).get('/api/role-changes').expect(401);
    const [read] = await h.knex('audit_events').where({ staff_user_id: compliance.staff.id, action: 'export', resource: 'role-changes' });
    expect(read.details).toMatchObject({ rows: 4 });
  });
});

describe('staff users, continued', () => {
  it('when deactivating, then a reason is required, sessions end, and reactivation restores access', async () => {
    const person = await signedInAs(h, ['billing']);
    const noReason = await admin.agent.post(`/api/staff-users/${person.staff.id}/deactivate`).set('X-CSRF-Token', admin.csrf).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.reason).toBeDefined();
    const done = await admin.agent
      .post(`/api/staff-users/${person.staff.id}/deactivate`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ reason: 'on leave' })
      .expect(200);
    expect(done.body).toMatchObject({ active: false, deactivation_reason: 'on leave', deactivated_by_username: admin.staff.username });
    expect(await h.knex('staff_sessions').where({ staff_user_id: person.staff.id })).toHaveLength(0);
    await person.agent.get('/api/session').expect(401);
    const again = await admin.agent.post(`/api/staff-users/${person.staff.id}/deactivate`).set('X-CSRF-Token', admin.csrf).send({ reason: 'twice' });
    expect(again.status).toBe(409);
    await admin.agent.post(`/api/staff-users/${person.staff.id}/reactivate`).set('X-CSRF-Token', admin.csrf).expect(200);
    await signIn(h.app, person.staff);
  });

  it('when an admin starts a password reset, then a one-time link is answered once and the old password still works until it is used', async () => {
    const person = await createStaff(h.knex, ['roi']);
    const response = await admin.agent.post(`/api/staff-users/${person.id}/password-reset`).set('X-CSRF-Token', admin.csrf).expect(201);
    expect(response.body.url).toMatch(/#\/set-password\?token=/);
    expect(Date.parse(response.body.expires_at)).toBe(h.clock.now + 24 * 3_600_000);
    const stored = await h.knex('password_reset_tokens').where({ staff_user_id: person.id });
    expect(stored).toHaveLength(1);
    const token = new URL(response.body.url.replace('#/', '')).searchParams.get('token')!;
    expect(JSON.stringify(stored)).not.toContain(token);
    await signIn(h.app, person);
  });

  it('when the staff member does not exist, then 404 on show, edit, deactivate, reactivate and reset', async () => {
    const missing = 987654321;
    await admin.agent.get(`/api/staff-users/${missing}`).expect(404);
    await admin.agent
      .put(`/api/staff-users/${missing}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ display_name: 'X', roles: ['billing'], version: 1 })
      .expect(404);
    await admin.agent.post(`/api/staff-users/${missing}/deactivate`).set('X-CSRF-Token', admin.csrf).send({ reason: 'gone away' }).expect(404);
    await admin.agent.post(`/api/staff-users/${missing}/reactivate`).set('X-CSRF-Token', admin.csrf).expect(404);
    await admin.agent.post(`/api/staff-users/${missing}/password-reset`).set('X-CSRF-Token', admin.csrf).expect(404);
  });

  it('when listing with filters, then only matching staff come back with a Content-Range', async () => {
    const tag = uniqueSuffix();
    await create(admin, { username: `list${tag}a`, display_name: `Lister ${tag}`, roles: ['clinical'] }).expect(201);
    await create(admin, { username: `list${tag}b`, display_name: `Lister ${tag}`, roles: ['billing'] }).expect(201);
    const response = await admin.agent
      .get('/api/staff-users')
      .query({ filter: JSON.stringify({ q: tag, role: 'clinical' }) })
      .expect(200);
    expect(response.body.map((s: { username: string }) => s.username)).toEqual([`list${tag}a`]);
    expect(response.headers['content-range']).toBe('staff-users 0-0/1');
  });
});
