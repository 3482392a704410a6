import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createStaff, signIn, signedInAs, TEST_PASSWORD, type Harness } from '../../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const MINUTE = 60_000;

describe('sign-in', () => {
  it('when the password is right, then a session starts and GET /api/session names the staff member, policy and CSRF token', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const { agent } = await signIn(h.app, staff);
    const response = await agent.get('/api/session').expect(200);
    expect(response.body.staff).toMatchObject({ id: staff.id, username: staff.username, roles: ['front_desk'] });
    expect(response.body.permissions).toEqual({
      patients: ['list', 'show'],
      'activation-codes': ['list', 'create'],
      'portal-accounts': ['show'],
      'proxy-relationships': ['list'],
      'patient-history': ['list'],
      demographics: ['show'],
    });
    expect(response.body.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(response.body.session.idleMinutes).toBe(15);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('when a client acts on the sign-in answer as soon as its headers arrive, then the session already works', async () => {
    // A client may use the cookie before reading the body; the session must be whole by then.
    const staff = await createStaff(h.knex, ['front_desk']);
    const server = http.createServer(h.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const signInHeaders = () =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const request = http.request(
          { port, host: '127.0.0.1', method: 'POST', path: '/api/session', headers: { 'Content-Type': 'application/json' } },
          resolve,
        );
        request.on('error', reject);
        request.end(JSON.stringify({ username: staff.username, password: TEST_PASSWORD }));
      });
    try {
      for (let attempt = 0; attempt < 10; attempt++) {
        const answer = await signInHeaders();
        expect(answer.statusCode).toBe(201);
        const cookie = answer.headers['set-cookie']![0].split(';')[0];
        const session = await fetch(`http://127.0.0.1:${port}/api/session`, { headers: { cookie } });
        expect(session.status).toBe(200);
        answer.resume();
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when the password is wrong, then 401 invalid_credentials and no session cookie', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const response = await supertest(h.app).post('/api/session').send({ username: staff.username, password: 'wrong password here' });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_credentials');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('when the username does not exist, then the answer is the same as for a wrong password', async () => {
    const response = await supertest(h.app).post('/api/session').send({ username: 'nobody-at-all', password: 'whatever it is' });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_credentials');
  });

  it('when fields are missing, then 400 names them', async () => {
    const response = await supertest(h.app).post('/api/session').send({ username: '' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors)).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('when the body is not JSON, then 415 and nothing else happens', async () => {
    const response = await supertest(h.app).post('/api/session').type('form').send('username=a&password=b');
    expect(response.status).toBe(415);
  });

  it('when a planted session cookie exists before sign-in, then sign-in issues a different session id (no fixation)', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const agent = supertest.agent(h.app);
    const first = await agent.post('/api/session').send({ username: staff.username, password: TEST_PASSWORD }).expect(201);
    const firstCookie = first.headers['set-cookie'][0].split(';')[0];
    const second = await agent.post('/api/session').send({ username: staff.username, password: TEST_PASSWORD }).expect(201);
    const secondCookie = second.headers['set-cookie'][0].split(';')[0];
    expect(secondCookie).not.toBe(firstCookie);
    // The old session id no longer works.
    await supertest(h.app).get('/api/session').set('Cookie', firstCookie).expect(401);
    await supertest(h.app).get('/api/session').set('Cookie', secondCookie).expect(200);
  });

  it('when the session cookie is set, then it is HttpOnly and SameSite=Strict', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const response = await supertest(h.app).post('/api/session').send({ username: staff.username, password: TEST_PASSWORD }).expect(201);
    const cookie = response.headers['set-cookie'][0];
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
  });
});

describe('failed sign-in throttling', () => {
  it('when one client fails repeatedly, then that account is blocked for that client but not for another client', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    // One trusted proxy hop: the client address comes from X-Forwarded-For, as behind a load balancer.
    const throttled = await createHarness({ trustProxy: 1 });
    try {
      const attacker = () => supertest(throttled.app).post('/api/session').set('X-Forwarded-For', '203.0.113.9');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push((await attacker().send({ username: staff.username, password: `wrong guess ${i}` })).status);
      }
      expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
      expect(statuses[4]).toBe(429);
      const blocked = await attacker().send({ username: staff.username, password: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // The real staff member at their own workstation still gets in.
      await supertest(throttled.app)
        .post('/api/session')
        .set('X-Forwarded-For', '198.51.100.7')
        .send({ username: staff.username, password: TEST_PASSWORD })
        .expect(201);
      // After the block period, the attacker's client may try again.
      throttled.clock.advance(16 * MINUTE);
      await attacker().send({ username: staff.username, password: TEST_PASSWORD }).expect(201);
    } finally {
      await throttled.close();
    }
  });

  it('when two bursts of 25 wrong passwords for one account arrive at once, then 5 passwords are checked in all and the rest are refused unchecked', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const throttled = await createHarness({ trustProxy: 1 });
    try {
      const burst = () =>
        Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            supertest(throttled.app)
              .post('/api/session')
              .set('X-Forwarded-For', '203.0.113.25')
              .send({ username: staff.username, password: `guess ${i}` }),
          ),
        );
      const first = await burst();
      const second = await burst();
      expect(first.filter((response) => response.status === 401).length).toBeLessThanOrEqual(5);
      expect(second.every((response) => response.status === 429)).toBe(true);
      const outcomes = await h
        .knex('audit_events')
        .where({ staff_username: staff.username, action: 'sign-in' })
        .select('outcome', h.knex.raw("details->>'reason' AS reason"));
      const checked = outcomes.filter((row) => row.reason === 'invalid_credentials');
      expect(checked).toHaveLength(5);
      expect(outcomes.filter((row) => row.reason !== 'invalid_credentials')).toHaveLength(45);
      expect(outcomes.filter((row) => row.reason === 'blocked').length).toBeGreaterThanOrEqual(25);
    } finally {
      await throttled.close();
    }
  });

  it('when one person signs in from several tabs at once with the right password, then no block follows', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const throttled = await createHarness({ trustProxy: 1 });
    try {
      const attempt = () =>
        supertest(throttled.app).post('/api/session').set('X-Forwarded-For', '203.0.113.27').send({ username: staff.username, password: TEST_PASSWORD });
      const statuses = (await Promise.all(Array.from({ length: 8 }, attempt))).map((response) => response.status);
      expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(5);
      expect(statuses.every((status) => status === 201 || status === 429)).toBe(true);
      await attempt().expect(201);
    } finally {
      await throttled.close();
    }
  });

  it('when a blocked client keeps trying, then its block is neither lifted nor moved, and ends on time', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    const throttled = await createHarness({ trustProxy: 1 });
    try {
      const attempt = (password: string) =>
        supertest(throttled.app).post('/api/session').set('X-Forwarded-For', '203.0.113.26').send({ username: staff.username, password });
      for (let i = 0; i < 5; i += 1) await attempt(`wrong ${i}`);
      const { blocked_until: blockedUntil } = await h.knex('sign_in_throttles').first('blocked_until').where({ username: staff.username });
      throttled.clock.advance(10 * MINUTE);
      await attempt('wrong again').expect(429);
      await attempt(TEST_PASSWORD).expect(429);
      expect((await h.knex('sign_in_throttles').first('blocked_until').where({ username: staff.username })).blocked_until).toEqual(blockedUntil);
      throttled.clock.advance(5 * MINUTE + 1_000);
      await attempt(TEST_PASSWORD).expect(201);
    } finally {
      await throttled.close();
    }
  });

  it('when the typed username names nobody, then neither the audit trail nor the throttle keeps what was typed, and old counts are pruned', async () => {
    const typed = `Tr0ub4dor&3-${Date.now()}`;
    await supertest(h.app).post('/api/session').send({ username: typed, password: 'whatever it was' }).expect(401);
    const [audit] = await h.knex('audit_events').where({ action: 'sign-in', outcome: 'failed' }).orderBy('id', 'desc').limit(1);
    expect(audit.staff_username).toMatch(/^unknown:[0-9a-f]{16}$/);
    expect(JSON.stringify(await h.knex('audit_events').where({ staff_username: typed }))).toBe('[]');
    expect(await h.knex('sign_in_throttles').where({ username: typed })).toEqual([]);
    const [counted] = await h.knex('sign_in_throttles').where({ username: audit.staff_username });
    expect(counted.failures).toBe(1);

    // The count is made 16 minutes old rather than the clock moved on: housekeeping also prunes
    // every session expired by this clock, and the other test files' sessions share the database.
    await h
      .knex('sign_in_throttles')
      .where({ username: audit.staff_username })
      .update({ last_failure_at: h.knex.raw(`last_failure_at - interval '16 minutes'`) });
    await h.housekeeping();
    expect(await h.knex('sign_in_throttles').where({ username: audit.staff_username })).toEqual([]);
  });

  it('when failed sign-ins from one address reach two API instances, then both count toward one limit', async () => {
    const [first, second] = [
      await createHarness({ trustProxy: 1, limits: { failedSignInsPerAddress: 3 } }),
      await createHarness({ trustProxy: 1, limits: { failedSignInsPerAddress: 3 } }),
    ];
    try {
      const address = '203.0.113.77';
      const fail = (instance: Harness) =>
        supertest(instance.app)
          .post('/api/session')
          .set('X-Forwarded-For', address)
          .send({ username: `nobody${Math.random()}`, password: 'wrong' });
      expect([(await fail(first)).status, (await fail(second)).status, (await fail(first)).status]).toEqual([401, 401, 401]);
      const fourth = await fail(second);
      expect(fourth.status).toBe(429);
      expect(fourth.body.message).toMatch(/from this address/);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('when sign-in fails, then the audit trail records the failure without the password', async () => {
    const staff = await createStaff(h.knex, ['front_desk']);
    await supertest(h.app).post('/api/session').send({ username: staff.username, password: 'a secret guess 123' }).expect(401);
    const rows = await h.knex('audit_events').where({ staff_username: staff.username, action: 'sign-in' });
    expect(rows).toHaveLength(1);
    expect(rows[0].outcome).toBe('failed');
    expect(JSON.stringify(rows[0])).not.toContain('a secret guess');
  });
});

describe('session expiry', () => {
  it('when 15 minutes pass without a request, then the next request is 401 session_expired and the session is gone', async () => {
    const { agent } = await signedInAs(h, ['front_desk']);
    h.clock.advance(14 * MINUTE);
    await agent.get('/api/session').expect(200);
    h.clock.advance(14 * MINUTE);
    await agent.get('/api/patients').expect(200);
    h.clock.advance(15 * MINUTE + 1000);
    const expired = await agent.get('/api/patients');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('session_expired');
    expect(expired.body.message).toMatch(/15 idle minutes/);
    h.clock.advance(-43 * MINUTE - 1000);
    await agent.get('/api/session').expect(401);
  });

  it('when a session is kept busy past 12 hours, then it ends anyway', async () => {
    const { agent } = await signedInAs(h, ['front_desk']);
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 10) {
      h.clock.advance(10 * MINUTE);
      if (elapsed + 10 < 12 * 60) await agent.get('/api/session').expect(200);
    }
    const response = await agent.get('/api/session');
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/12 hours/);
    h.clock.advance(-12 * 60 * MINUTE);
  });

  it('when an admin shortens the idle setting, then sessions follow it', async () => {
    const { agent } = await signedInAs(h, ['front_desk']);
    await h
      .knex('settings')
      .where({ key: 'session.idle_minutes' })
      .update({ value: JSON.stringify(5) });
    try {
      h.clock.advance(6 * MINUTE);
      await agent.get('/api/session').expect(401);
    } finally {
      await h
        .knex('settings')
        .where({ key: 'session.idle_minutes' })
        .update({ value: JSON.stringify(15) });
      h.clock.advance(-6 * MINUTE);
    }
  });
});

describe('sign-out', () => {
  it('when signing out, then the session is destroyed on the server and the old cookie no longer works', async () => {
    const { agent, csrf } = await signedInAs(h, ['front_desk']);
    const before = await agent.get('/api/session').expect(200);
    await agent.delete('/api/session').set('X-CSRF-Token', csrf).expect(204);
    await agent.get('/api/session').expect(401);
    const stored = await h.knex('staff_sessions').where({ staff_user_id: (before.body.staff as { id: number }).id });
    expect(stored).toHaveLength(0);
  });

  it('when signing out without the CSRF token, then 403 and the session survives', async () => {
    const { agent } = await signedInAs(h, ['front_desk']);
    const response = await agent.delete('/api/session');
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('csrf_failed');
    await agent.get('/api/session').expect(200);
  });
});

describe('deactivated staff', () => {
  it('when an admin deactivates a signed-in staff member, then their next request is 401 and they cannot sign in again', async () => {
    const admin = await signedInAs(h, ['admin']);
    const victim = await signedInAs(h, ['front_desk']);
    await victim.agent.get('/api/patients').expect(200);
    await admin.agent
      .post(`/api/staff-users/${victim.staff.id}/deactivate`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ reason: 'left the organization' })
      .expect(200);
    await victim.agent.get('/api/patients').expect(401);
    await supertest(h.app).post('/api/session').send({ username: victim.staff.username, password: victim.staff.password }).expect(401);
  });
});

describe('changing one’s own password', () => {
  it('when the current password is right and the new one acceptable, then only the new one works afterwards', async () => {
    const { agent, csrf, staff } = await signedInAs(h, ['billing']);
    const other = await signIn(h.app, staff);
    await agent
      .post('/api/session/password')
      .set('X-CSRF-Token', csrf)
      .send({ current_password: staff.password, new_password: 'a brand new passphrase' })
      .expect(204);
    await agent.get('/api/session').expect(200);
    // The other session of the same account ended.
    await other.agent.get('/api/session').expect(401);
    await supertest(h.app).post('/api/session').send({ username: staff.username, password: staff.password }).expect(401);
    await supertest(h.app).post('/api/session').send({ username: staff.username, password: 'a brand new passphrase' }).expect(201);
  });

  it('when the current password is wrong, then 400 names current_password and nothing changes', async () => {
    const { agent, csrf, staff } = await signedInAs(h, ['billing']);
    const response = await agent
      .post('/api/session/password')
      .set('X-CSRF-Token', csrf)
      .send({ current_password: 'not my password', new_password: 'a brand new passphrase' });
    expect(response.status).toBe(400);
    expect(response.body.errors.current_password).toBeDefined();
    await supertest(h.app).post('/api/session').send({ username: staff.username, password: staff.password }).expect(201);
  });

  it('when the new password is too short or common, then 400 names new_password', async () => {
    const { agent, csrf, staff } = await signedInAs(h, ['billing']);
    for (const weak of ['short1', 'qwerty123456']) {
      const response = await agent.post('/api/session/password').set('X-CSRF-Token', csrf).send({ current_password: staff.password, new_password: weak });
      expect(response.status).toBe(400);
      expect(response.body.errors.new_password).toBeDefined();
    }
  });

  it('when not signed in, then 401', async () => {
    await supertest(h.app).post('/api/session/password').send({ current_password: 'x', new_password: 'y' }).expect(401);
  });
});
