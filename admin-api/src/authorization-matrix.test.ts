import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES } from './auth/policy.ts';
import { createHarness, createStaff, signIn, type Harness } from './testing/harness.ts';

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

function send(agent: ReturnType<typeof supertest.agent> | ReturnType<typeof supertest>, method: string, path: string, csrf?: string) {
  const url = `/api${path.replace(/:(\w+)/g, MISSING_ID)}`;
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
        const allowed = route.permission === 'signed-in' || can([role], route.permission.action, route.permission.resource);
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
    for (const route of h.routes.filter((r) => r.method === 'get' && r.list)) {
      const role = ROLES.find((candidate) => typeof route.permission === 'object' && can([candidate], route.permission.action, route.permission.resource));
      const { agent } = await signIn(h.app, await createStaff(h.knex, [role!]));
      const filter = route.path === '/patient-access-ledger' ? { patient_id: 1 } : {};
      for (const order of ['ASC', 'DESC']) {
        const response = await agent.get(`/api${route.path}`).query({ sort: JSON.stringify(['id', order]), range: '[0,9]', filter: JSON.stringify(filter) });
        if (response.status !== 200) failures.push(`${route.path} ${order}: ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
