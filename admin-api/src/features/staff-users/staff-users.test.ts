import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(response.body).toMatchObject({ username, display_name: 'New Person', roles: ['front_desk', 'support'], active: true, password_set: false, version: 1 });
    expect(response.body.password_link.url).toMatch(/^http:\/\/console\.test\/#\/set-password\?token=[\w-]{43}$/);
    expect(response.body).not.toHaveProperty('password_hash');
    const shown = await admin.agent.get(`/api/staff-users/${response.body.id}`).expect(200);
    expect(shown.body).not.toHaveProperty('password_link');
    expect(shown.body).not.toHaveProperty('password_hash');
    const [audit] = await h.knex('audit_events').where({ action: 'create', resource: 'staff-users', resource_id: String(response.body.id) });
    expect(audit.staff_user_id).toBe(admin.staff.id);
  });

  it('when the username is taken or fields are bad, then 409 or 400 names the field and nothing is saved', async () => {
    const existing = await createStaff(h.knex, ['billing']);
    const taken = await create(admin, { username: existing.username, display_name: 'Dup', roles: ['billing'] });
    expect(taken.status).toBe(409);
    expect(taken.body.errors.username).toMatch(/taken/);
    const bad = await create(admin, { username: 'A B', display_name: '', roles: ['wizard'] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['username', 'display_name', 'roles.0']));
    const none = await create(admin, { username: `ok${uniqueSuffix()}`, display_name: 'No roles', roles: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors.roles).toMatch(/at least one role/);
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

  it('when an admin would remove their own admin role or deactivate themselves, then 400', async () => {
    const { body } = await admin.agent.get(`/api/staff-users/${admin.staff.id}`);
    const demote = await admin.agent
      .put(`/api/staff-users/${admin.staff.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ display_name: body.display_name, roles: ['front_desk'], version: body.version });
    expect(demote.status).toBe(400);
    const deactivate = await admin.agent
      .post(`/api/staff-users/${admin.staff.id}/deactivate`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ reason: 'testing myself' });
    expect(deactivate.status).toBe(400);
  });

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
    expect(Date.parse(response.body.expires_at)).toBeGreaterThan(Date.now());
    const stored = await h.knex('password_reset_tokens').where({ staff_user_id: person.id });
    expect(stored).toHaveLength(1);
    const token = new URL(response.body.url.replace('#/', '')).searchParams.get('token')!;
    expect(JSON.stringify(stored)).not.toContain(token);
    await signIn(h.app, person);
  });

  it('when the staff member does not exist, then 404 on show, edit, deactivate, reactivate and reset', async () => {
    const missing = 987654321;
    await admin.agent.get(`/api/staff-users/${missing}`).expect(404);
    await admin.agent.put(`/api/staff-users/${missing}`).set('X-CSRF-Token', admin.csrf).send({ display_name: 'X', roles: ['billing'], version: 1 }).expect(404);
    await admin.agent.post(`/api/staff-users/${missing}/deactivate`).set('X-CSRF-Token', admin.csrf).send({ reason: 'gone away' }).expect(404);
    await admin.agent.post(`/api/staff-users/${missing}/reactivate`).set('X-CSRF-Token', admin.csrf).expect(404);
    await admin.agent.post(`/api/staff-users/${missing}/password-reset`).set('X-CSRF-Token', admin.csrf).expect(404);
  });

  it('when listing with filters, then only matching staff come back with a Content-Range', async () => {
    const tag = uniqueSuffix();
    await create(admin, { username: `list${tag}a`, display_name: `Lister ${tag}`, roles: ['clinical'] }).expect(201);
    await create(admin, { username: `list${tag}b`, display_name: `Lister ${tag}`, roles: ['billing'] }).expect(201);
    const response = await admin.agent.get('/api/staff-users').query({ filter: JSON.stringify({ q: tag, role: 'clinical' }) }).expect(200);
    expect(response.body.map((s: { username: string }) => s.username)).toEqual([`list${tag}a`]);
    expect(response.headers['content-range']).toBe('staff-users 0-0/1');
  });
});
