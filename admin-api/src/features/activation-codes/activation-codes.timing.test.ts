import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, createPatient, signedInAs, uniqueSuffix, type Harness, type SignedIn } from '../../testing/harness.ts';
import { ACTIVATION_REFUSED } from '../../portal/activation-refused.ts';

/**
 * Response time must not tell a live selector from an unknown one. Timing itself is measured by
 * `npm run bench:activation`, not here (tests do not time); what this file checks is the cause:
 * every redemption, whatever becomes of it, spends exactly one argon2id verification.
 */
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon2.verifications += 1;
      return real.verify(...args);
    },
  };
});

let h: Harness;
let desk: SignedIn;
let portalToken: string;
beforeAll(async () => {
  h = await createHarness();
  desk = await signedInAs(h, ['front_desk']);
  const admin = await signedInAs(h, ['admin']);
  portalToken = (
    await admin.agent
      .post('/api/portal-tokens')
      .set('X-CSRF-Token', admin.csrf)
      .send({ name: `Timing ${uniqueSuffix()}` })
      .expect(201)
  ).body.token;
});
afterAll(() => h.close());

let devices = 0;
const redeem = (body: object, device = `10.9.${devices >> 8}.${(devices += 1) & 255}`) =>
  supertest(h.app).post('/portal-api/v1/activations').set('Authorization', `Bearer ${portalToken}`).set('X-Patient-Address', device).send(body);

const issueFor = async (dateOfBirth = '1980-04-02') => {
  const patient = await createPatient(h.knex, { date_of_birth: dateOfBirth });
  return (await desk.agent.post(`/api/patients/${patient.id}/activation-codes`).set('X-CSRF-Token', desk.csrf).send({}).expect(201)).body.code as string;
};

/** The argon2id verifications one redemption spent, and its status. */
async function verificationsOf(body: object, device?: string): Promise<[number, number]> {
  const before = argon2.verifications;
  const response = await redeem(body, device);
  return [argon2.verifications - before, response.status];
}

describe('redemption timing', () => {
  it('when a redemption is refused for any reason, or succeeds, then it spent exactly one argon2id verification', async () => {
    const refused = ACTIVATION_REFUSED.status;
    const user = () => `t.${uniqueSuffix()}`;
    const [live, guessed, expiring] = [await issueFor(), await issueFor(), await issueFor()];
    expect(await verificationsOf({ code: 'ZZZZZ-ZZZZZ-ZZZZZ', dateOfBirth: '1980-04-02', username: user() }), 'unknown selector').toEqual([1, refused]);
    expect(await verificationsOf({ code: 'ZZZZZ', dateOfBirth: '1980-04-02', username: user() }), 'malformed').toEqual([1, refused]);
    expect(await verificationsOf({ code: `${live.slice(0, 6)}ZZZZZ-ZZZZZ`, dateOfBirth: '1980-04-02', username: user() }), 'wrong rest').toEqual([1, refused]);
    expect(await verificationsOf({ code: live, dateOfBirth: '1999-09-09', username: user() }), 'wrong birth date').toEqual([1, refused]);
    expect(await verificationsOf({ code: live, dateOfBirth: '1980-04-02', username: user() }), 'success').toEqual([1, 201]);
    expect(await verificationsOf({ code: live, dateOfBirth: '1980-04-02', username: user() }), 'already used').toEqual([1, refused]);

    const guesser = '10.8.0.1';
    for (let i = 0; i < 10; i += 1) await redeem({ code: `${guessed.slice(0, 6)}ZZZZZ-ZZZZZ`, dateOfBirth: '1980-04-02', username: user() }, guesser);
    expect(await verificationsOf({ code: guessed, dateOfBirth: '1980-04-02', username: user() }, guesser), 'device shut out').toEqual([1, refused]);

    // Past the code's last day (the 45th, to midnight in the organization's zone) whatever the hour.
    h.clock.advance(47 * 24 * 3_600_000);
    expect(await verificationsOf({ code: expiring, dateOfBirth: '1980-04-02', username: user() }), 'expired').toEqual([1, refused]);
  });
});
