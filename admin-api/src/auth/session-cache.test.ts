import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, createStaff, signedInAs, type Harness, type SignedIn, type TestStaff } from '../testing/harness.ts';

// Two instances of the API on one database, as behind a load balancer.
let a: Harness;
let b: Harness;
let admin: SignedIn;
const sessionReads = { a: 0, b: 0 };

beforeAll(async () => {
  a = await createHarness();
  b = await createHarness();
  a.knex.on('query', ({ sql }: { sql: string }) => (sessionReads.a += Number(/FROM staff_sessions s/.test(sql))));
  b.knex.on('query', ({ sql }: { sql: string }) => (sessionReads.b += Number(/FROM staff_sessions s/.test(sql))));
  admin = await signedInAs(a, ['admin']);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

/** Signs in on instance A and answers the session cookie, to be sent to either instance. */
async function cookieOf(staff: TestStaff): Promise<string> {
  const response = await supertest(a.app).post('/api/session').send({ username: staff.username, password: staff.password }).expect(201);
  return (response.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
}

const whoAmI = (instance: Harness, cookie: string) => supertest(instance.app).get('/api/session').set('Cookie', cookie);

/**
 * Until the instance is listening it serves nothing from its cache (and the tests below would
 * prove nothing): waits until a request right after another one reads nothing.
 */
async function warmOn(instance: Harness, cookie: string, reads: () => number): Promise<void> {
  await expect
    .poll(async () => {
      await whoAmI(instance, cookie).expect(200);
      const before = reads();
      await whoAmI(instance, cookie).expect(200);
      return reads() - before;
    })
    .toBe(0);
}

describe('the session cache', () => {
  it('when a signed-in staff member makes requests, then their session is read from the database once, not on every request', async () => {
    const cookie = await cookieOf(await createStaff(a.knex, ['front_desk']));
    await warmOn(b, cookie, () => sessionReads.b);
    const before = sessionReads.b;
    for (let i = 0; i < 5; i += 1) await whoAmI(b, cookie).expect(200);
    expect(sessionReads.b - before).toBe(0);
  });

  it('when an admin deactivates someone on one instance, then their next request there is refused at once, and on the other instance as soon as the change commits', async () => {
    const person = await createStaff(a.knex, ['front_desk']);
    const cookie = await cookieOf(person);
    await warmOn(a, cookie, () => sessionReads.a);
    await warmOn(b, cookie, () => sessionReads.b);

    await admin.agent.post(`/api/staff-users/${person.id}/deactivate`).set('X-CSRF-Token', admin.csrf).send({ reason: 'left the hospital' }).expect(200);

    await whoAmI(a, cookie).expect(401);
    await expect.poll(async () => (await whoAmI(b, cookie)).status, { timeout: 2_000, interval: 20 }).toBe(401);
  });

  it('when an admin changes someone’s roles, then the next request on either instance carries the new roles', async () => {
    const person = await createStaff(a.knex, ['front_desk']);
    const cookie = await cookieOf(person);
    await warmOn(a, cookie, () => sessionReads.a);
    await warmOn(b, cookie, () => sessionReads.b);
    const { version } = (await admin.agent.get(`/api/staff-users/${person.id}`).expect(200)).body as { version: number };

    await admin.agent
      .put(`/api/staff-users/${person.id}`)
      .set('X-CSRF-Token', admin.csrf)
      .send({ display_name: 'Moved to Support', roles: ['support'], version })
      .expect(200);

    expect((await whoAmI(a, cookie).expect(200)).body.staff.roles).toEqual(['support']);
    await expect.poll(async () => (await whoAmI(b, cookie).expect(200)).body.staff.roles, { timeout: 2_000, interval: 20 }).toEqual(['support']);
  });

  it('when the database is changed by hand (a DBA deactivating an account in SQL), then every instance forgets the cached session', async () => {
    const person = await createStaff(a.knex, ['roi']);
    const cookie = await cookieOf(person);
    await warmOn(b, cookie, () => sessionReads.b);

    await a.knex('staff_users').where({ id: person.id }).update({ active: false });

    await expect.poll(async () => (await whoAmI(b, cookie)).status, { timeout: 2_000, interval: 20 }).toBe(401);
  });

  it('when someone signs out on one instance, then the same cookie is refused on the other', async () => {
    const cookie = await cookieOf(await createStaff(a.knex, ['support']));
    await warmOn(b, cookie, () => sessionReads.b);
    const { csrfToken } = (await whoAmI(a, cookie).expect(200)).body as { csrfToken: string };

    await supertest(a.app).delete('/api/session').set('Cookie', cookie).set('X-CSRF-Token', csrfToken).expect(204);

    await expect.poll(async () => (await whoAmI(b, cookie)).status, { timeout: 2_000, interval: 20 }).toBe(401);
  });

  it('when the cache cannot listen for changes, then it serves nothing and every request reads its session', async () => {
    const deaf = await createHarness({ sessionCache: { connectionString: 'postgres://nobody@127.0.0.1:1/none', maxAgeMs: 60_000 } });
    let reads = 0;
    deaf.knex.on('query', ({ sql }: { sql: string }) => (reads += Number(/FROM staff_sessions s/.test(sql))));
    try {
      const cookie = await cookieOf(await createStaff(a.knex, ['front_desk']));
      for (let i = 0; i < 3; i += 1) await whoAmI(deaf, cookie).expect(200);
      expect(reads).toBe(3);
    } finally {
      await deaf.close();
    }
  });
});
