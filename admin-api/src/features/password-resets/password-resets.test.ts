import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createStaff, signedInAs, type Harness, type SignedIn } from '../../testing/harness.ts';

let h: Harness;
let admin: SignedIn;
beforeAll(async () => {
  h = await createHarness();
  admin = await signedInAs(h, ['admin']);
});
afterAll(() => h.close());

async function linkFor(staffId: number): Promise<string> {
  const response = await admin.agent.post(`/api/staff-users/${staffId}/password-reset`).set('X-CSRF-Token', admin.csrf).expect(201);
  return new URL(response.body.url.replace('#/', '')).searchParams.get('token')!;
}

describe('one-time password links', () => {
  it('when a new staff member opens their link, then it names them and setting a password lets them sign in', async () => {
    const created = await admin.agent
      .post('/api/staff-users')
      .set('X-CSRF-Token', admin.csrf)
      .send({ username: `fresh${Date.now()}`, display_name: 'Fresh Hire', roles: ['support'] })
      .expect(201);
    const token = new URL(created.body.password_link.url.replace('#/', '')).searchParams.get('token')!;
    const verify = await supertest(h.app).post('/api/password-resets/verify').send({ token }).expect(200);
    expect(verify.body).toMatchObject({ username: created.body.username, display_name: 'Fresh Hire' });
    await supertest(h.app).post('/api/password-resets/complete').send({ token, new_password: 'my own fresh passphrase' }).expect(200);
    await supertest(h.app).post('/api/session').send({ username: created.body.username, password: 'my own fresh passphrase' }).expect(201);
  });

  it('when a link was used once, then it cannot be used again', async () => {
    const person = await createStaff(h.knex, ['roi']);
    const token = await linkFor(person.id);
    await supertest(h.app).post('/api/password-resets/complete').send({ token, new_password: 'first new passphrase' }).expect(200);
    const again = await supertest(h.app).post('/api/password-resets/complete').send({ token, new_password: 'second new passphrase' });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('link_invalid');
  });

  it('when a newer link is issued, then the older one stops working', async () => {
    const person = await createStaff(h.knex, ['roi']);
    const older = await linkFor(person.id);
    const newer = await linkFor(person.id);
    await supertest(h.app).post('/api/password-resets/verify').send({ token: older }).expect(404);
    await supertest(h.app).post('/api/password-resets/verify').send({ token: newer }).expect(200);
  });

  it('when the link has expired, then 404 link_invalid', async () => {
    const person = await createStaff(h.knex, ['roi']);
    const token = await linkFor(person.id);
    h.clock.advance(25 * 3_600_000);
    try {
      const response = await supertest(h.app).post('/api/password-resets/verify').send({ token });
      expect(response.status).toBe(404);
    } finally {
      h.clock.advance(-25 * 3_600_000);
    }
  });

  it('when the chosen password is weak, then 400 names new_password and the link stays usable', async () => {
    const person = await createStaff(h.knex, ['roi']);
    const token = await linkFor(person.id);
    const weak = await supertest(h.app).post('/api/password-resets/complete').send({ token, new_password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors.new_password).toBeDefined();
    await supertest(h.app).post('/api/password-resets/verify').send({ token }).expect(200);
  });

  it('when the token is malformed, then 400 names token', async () => {
    const response = await supertest(h.app).post('/api/password-resets/verify').send({ token: 'short' });
    expect(response.status).toBe(400);
    expect(response.body.errors.token).toBeDefined();
  });

  it('when two requests spend the same link at once, then exactly one succeeds', async () => {
    const person = await createStaff(h.knex, ['roi']);
    const token = await linkFor(person.id);
    const results = await Promise.all(
      ['first racing passphrase', 'second racing passphrase', 'third racing passphrase'].map((new_password) =>
        supertest(h.app).post('/api/password-resets/complete').send({ token, new_password }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404]);
  });
});
