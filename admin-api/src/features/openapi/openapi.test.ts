import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('GET /api/openapi.json', () => {
  it('when fetched, then every mounted route appears with the permission it requires', async () => {
    const { body } = await supertest(h.app).get('/api/openapi.json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    for (const route of h.routes) {
      const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
      const operation = body.paths[path]?.[route.method];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation['x-permission']).toEqual(route.permission);
    }
    expect(body.paths['/api/patients'].get['x-permission']).toEqual({ action: 'list', resource: 'patients' });
    expect(body.paths['/api/staff-users'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'display_name', 'roles']),
    );
  });
});
