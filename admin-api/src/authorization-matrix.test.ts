import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES } from './auth/policy.ts';
import { createHarness, createPatient, createStaff, signIn, signedInAs, uniqueSuffix, type Harness } from './testing/harness.ts';

/**
 * Walks the real route table: every route, anonymous and as every role, must answer exactly as
 * the policy says. A route added without the right permission fails here.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const MISSING_ID = '987654321';

function send(agent: ReturnType<typeof supertest.agent> | ReturnType<typeof supertest>, method: string, path: string, csrf?: string, base = '/api') {
  const url = `${base}${path.replace(/:(\w+)/g, MISSING_ID)}`;
  const request = (agent as unknown as Record<string, (url: string) => supertest.Test>)[method](url);
  if (csrf) request.set('X-CSRF-Token', csrf);
  return method === 'get' || method === 'delete' ? request : request.send({});
}

describe('authorization matrix', () => {
  it('when anonymous, then every non-public route answers 401', async () => {
    const guarded = h.routes.filter((route) => route.permission !== 'public');
    expect(guarded.length).toBeGreaterThan(5);
    for (const route of guarded) {
      const response = await send(supertest(h.app), route.method, route.path);
      expect(response.status, `${route.method.toUpperCase()} ${route.path}`).toBe(401);
    }
  });

  it('when signed in with each single role, then every route allows or refuses exactly as can() says', async () => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const staff = await createStaff(h.knex, [role]);
      const shared = await signIn(h.app, staff);
      for (const route of h.routes) {
        if (route.permission === 'public') continue;
        // The session routes (sign-out, password change) may end the session they run in: they get one of their own.
        const { agent, csrf } = route.path.startsWith('/session') ? await signIn(h.app, staff) : shared;
        const response = await send(agent, route.method, route.path, csrf);
        const allowed =
          typeof route.permission === 'object' ? can([role], route.permission.action, route.permission.resource) : route.permission === 'signed-in';
        const refused = response.status === 403 || response.status === 401;
        if (allowed === refused) {
          failures.push(`${role} ${route.method.toUpperCase()} ${route.path}: ${response.status} (${allowed ? 'should be allowed' : 'should be 403'})`);
        }
        // Allowed means answered: a 500 is a failure, not a permission.
        if (allowed && response.status >= 500) failures.push(`${role} ${route.method.toUpperCase()} ${route.path}: ${response.status} (allowed, but failed)`);
        if (!allowed && response.status !== 403) failures.push(`${role} ${route.method.toUpperCase()} ${route.path}: expected 403, got ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('when a state-changing route is called without the CSRF token, then 403 whatever the role', async () => {
    // Admin is never held with another role, so the roles are spread over two people.
    for (const roles of [ROLES.filter((role) => role !== 'admin'), ['admin' as const]]) {
      const { agent } = await signIn(h.app, await createStaff(h.knex, roles));
      const mayCall = (route: (typeof h.routes)[number]) =>
        route.permission === 'signed-in' || (typeof route.permission === 'object' && can(roles, route.permission.action, route.permission.resource));
      for (const route of h.routes.filter((r) => r.method !== 'get' && mayCall(r))) {
        const response = await send(agent, route.method, route.path);
        expect(response.status, `${roles} ${route.method.toUpperCase()} ${route.path}`).toBe(403);
        expect(response.body.code).toBe('csrf_failed');
      }
    }
  });

  it("when a list is asked for react-admin's default sort by id, then every list answers 200", async () => {
    const failures: string[] = [];
    const patient = await createPatient(h.knex);
    const at = h.clock.read();
    const [{ id: resultId }] = await h
      .knex('results')
      .insert({
        accession_number: `MATRIX-${uniqueSuffix()}`,
        patient_id: patient.id,
        loinc_code: '4548-4',
        test_name: 'Hemoglobin A1c',
        value: '6.1',
        category: 'chemistry',
        performed_at: at,
        resulted_at: at,
        received_at: at,
      })
      .returning('id');
    for (const route of h.routes.filter((r) => r.method === 'get' && r.list)) {
      const role = ROLES.find((candidate) => typeof route.permission === 'object' && can([candidate], route.permission.action, route.permission.resource));
      const { agent } = await signIn(h.app, await createStaff(h.knex, [role!]));
      // These lists are of one patient's (or one result's) rows and need it named, in the filter or the path.
      const filter = ['/patient-access-ledger', '/proxy-relationships', '/documents', '/results'].includes(route.path)
        ? { patient_id: patient.id }
        : route.path === '/result-corrections'
          ? { result_id: resultId }
          : {};
      for (const order of ['ASC', 'DESC']) {
        const response = await agent
          .get(`/api${route.path.replace(':id', String(patient.id))}`)
          .query({ sort: JSON.stringify(['id', order]), range: '[0,9]', filter: JSON.stringify(filter) });
        if (response.status !== 200) failures.push(`${route.path} ${order}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('authorization matrix of the portal integration API', () => {
  const PORTAL = '/portal-api/v1';
  const portalCall = (method: string, path: string, authorization?: string) => {
    const request = send(supertest(h.app), method, path, undefined, PORTAL);
    return authorization ? request.set('Authorization', authorization) : request;
  };
  let live: string;
  let revoked: string;
  beforeAll(async () => {
    const admin = await signedInAs(h, ['admin']);
    const create = async () =>
      (
        await admin.agent
          .post('/api/portal-tokens')
          .set('X-CSRF-Token', admin.csrf)
          .send({ name: `Matrix ${uniqueSuffix()}` })
          .expect(201)
      ).body;
    live = (await create()).token;
    const toRevoke = await create();
    revoked = toRevoke.token;
    await admin.agent.post(`/api/portal-tokens/${toRevoke.id}/revoke`).set('X-CSRF-Token', admin.csrf).expect(200);
  });

  it('when called without a token, with a revoked or a made-up one, or with a staff session only, then every token route answers 401', async () => {
    const guarded = h.portalRoutes.filter((route) => route.permission === 'portal-token');
    expect(guarded.length).toBeGreaterThanOrEqual(4);
    const { agent } = await signedInAs(h, ['support']);
    const failures: string[] = [];
    for (const route of guarded) {
      const key = `${route.method.toUpperCase()} ${route.path}`;
      for (const [who, authorization] of [
        ['no token', undefined],
        ['revoked token', `Bearer ${revoked}`],
        ['made-up token', `Bearer pdt_${uniqueSuffix()}`],
        ['basic auth', `Basic ${live}`],
      ] as const) {
        const response = await portalCall(route.method, route.path, authorization);
        if (response.status !== 401 || response.body.code !== 'unauthorized') failures.push(`${key} with ${who}: ${response.status}`);
      }
      const staffOnly = await send(agent, route.method, route.path, undefined, PORTAL);
      if (staffOnly.status !== 401) failures.push(`${key} with a staff session: ${staffOnly.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('when called with a live token, then every token route is let through (answered, never 401, 403 or 5xx)', async () => {
    const failures: string[] = [];
    for (const route of h.portalRoutes) {
      const response = await portalCall(route.method, route.path, `Bearer ${live}`);
      if ([401, 403].includes(response.status) || response.status >= 500) failures.push(`${route.method.toUpperCase()} ${route.path}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('when a staff route is called with a portal token instead of a session, then 401', async () => {
    for (const route of h.routes.filter((candidate) => candidate.permission !== 'public')) {
      const response = await send(supertest(h.app), route.method, route.path).set('Authorization', `Bearer ${live}`);
      expect(response.status, `${route.method.toUpperCase()} ${route.path}`).toBe(401);
    }
  });
});
