import { randomBytes } from 'node:crypto';
import pino from 'pino';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createKnex, type Knex } from '@portaldesk/db';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../app.ts';
import { hashSecret } from '../auth/passwords.ts';
import type { Role } from '../auth/policy.ts';

/**
 * When the tests' clocks start: the real time, or the instant PORTALDESK_TEST_NOW names, so the
 * whole suite can be run on any chosen day (see any-date.test.ts).
 */
export function testStartTime(): number {
  const moved = process.env.PORTALDESK_TEST_NOW;
  if (!moved) return Date.now();
  const instant = Date.parse(moved);
  if (Number.isNaN(instant)) throw new Error(`PORTALDESK_TEST_NOW is not an ISO 8601 instant: ${moved}`);
  return instant;
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public now = testStartTime()) {}
  readonly read = () => new Date(this.now);
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Harness extends BuiltApp {
  knex: Knex;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * The app on the run's test database (or on `databaseUrl`, a database of the test file's own),
 * with a hand-moved clock and no log output.
 */
export async function createHarness(overrides: Partial<BuildAppOptions> = {}, { databaseUrl = inject('databaseUrl') } = {}): Promise<Harness> {
  const knex = createKnex(databaseUrl, 5);
  const clock = new TestClock();
  const built = buildApp({
    knex,
    logger: pino({ level: 'silent' }),
    clock: clock.read,
    sessionSecret: 'test-secret-that-is-long-enough-for-cookies',
    publicUrl: 'http://console.test',
    settingsCacheMs: 0,
    // Every answer is held to its route's documented schema: the console's types depend on it.
    checkResponses: true,
    // Unpaced: the pace is a fixed wait, measured by bench:activation, not worth seconds of every run.
    limits: { failedSignInsPerAddress: 10_000, publicLinkRequestsPerAddress: 10_000, activationRefusalPaceMs: 0, signInEventPaceMs: 0 },
    // As in production: every test that signs in, ends a session or changes a role goes through it.
    sessionCache: { connectionString: databaseUrl, maxAgeMs: 5_000 },
    ...overrides,
  });
  return {
    ...built,
    knex,
    clock,
    close: async () => {
      await built.close();
      await knex.destroy();
    },
  };
}

export const uniqueSuffix = () => randomBytes(5).toString('hex');

/** The password every factory-made staff member has unless told otherwise. */
export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;

export interface TestStaff {
  id: number;
  username: string;
  password: string;
}

/** A staff member with `roles`, a unique username and a known password. */
export async function createStaff(knex: Knex, roles: Role[], options: { password?: string; active?: boolean } = {}): Promise<TestStaff> {
  const username = `t_${roles.join('_').slice(0, 20)}_${uniqueSuffix()}`;
  const password = options.password ?? TEST_PASSWORD;
  const passwordHash = options.password ? await hashSecret(password) : await (testPasswordHash ??= hashSecret(TEST_PASSWORD));
  const createdAt = new Date(testStartTime());
  const [{ id }] = await knex('staff_users')
    .insert({
      username,
      display_name: `Test ${username}`,
      password_hash: passwordHash,
      active: options.active ?? true,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .returning('id');
  if (roles.length) await knex('staff_user_roles').insert(roles.map((role) => ({ staff_user_id: id, role })));
  return { id, username, password };
}

export interface SignedIn {
  agent: ReturnType<typeof supertest.agent>;
  csrf: string;
  staff: TestStaff;
}

/** Signs in through the API and keeps the cookie; `csrf` goes into X-CSRF-Token. */
export async function signIn(app: BuiltApp['app'], staff: TestStaff): Promise<SignedIn> {
  const agent = supertest.agent(app);
  const response = await agent.post('/api/session').send({ username: staff.username, password: staff.password });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { agent, csrf: response.body.csrfToken, staff };
}

/** A new staff member with `roles`, signed in. */
export async function signedInAs(harness: Harness, roles: Role[]): Promise<SignedIn> {
  return signIn(harness.app, await createStaff(harness.knex, roles));
}

let mrnCounter = 0;
/** A patient with a unique MRN and family name, so searches in parallel tests never collide. */
export async function createPatient(
  knex: Knex,
  overrides: Partial<{ family_name: string; given_name: string; date_of_birth: string; sex: string; deceased_date: string | null; state: string }> = {},
) {
  mrnCounter += 1;
  const suffix = uniqueSuffix();
  const [row] = await knex('patients')
    .insert({
      mrn: `T${suffix}${mrnCounter}`.toUpperCase(),
      family_name: `Testfamily${suffix}`,
      given_name: 'Pat',
      date_of_birth: '1980-05-17',
      sex: 'female',
      phone: '+18605550100',
      email: 'pat@example.com',
      address_line1: '1 Main St',
      city: 'Hartford',
      state: 'CT',
      postal_code: '06106',
      created_at: new Date(testStartTime()),
      updated_at: new Date(testStartTime()),
      ...overrides,
    })
    .returning('*');
  return row as { id: number; mrn: string; family_name: string; given_name: string; date_of_birth: string };
}

/** A portal integration token an admin just created, for calling /portal-api/v1 as the portal does. */
export async function createPortalToken(harness: Harness): Promise<string> {
  const admin = await signedInAs(harness, ['admin']);
  const { body } = await admin.agent
    .post('/api/portal-tokens')
    .set('X-CSRF-Token', admin.csrf)
    .send({ name: `Portal ${uniqueSuffix()}` });
  return body.token;
}
