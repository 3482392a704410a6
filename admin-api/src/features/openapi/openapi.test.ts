import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../lib/routes.ts';
import { createHarness, type Harness } from '../../testing/harness.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Operation = {
  operationId: string;
  'x-permission': unknown;
  responses: Record<string, { content?: Record<string, unknown>; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: { required?: string[] } }> };
};
type Document = { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, Operation>> };

/** Every route of `routes` in `document`, with its permission, operationId and a described success answer. */
function expectEveryRoute(document: Document, routes: RouteSpec[]) {
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} ${route.path}`;
    const operation = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method];
    expect(operation, key).toBeDefined();
    expect(operation['x-permission'], key).toEqual(route.permission);
    expect(operation.operationId, key).toBe(route.operationId);
    const success = operation.responses[String(route.responds?.status ?? 200)];
    // A success answer without a schema is allowed only when it has no JSON body.
    if (!route.response)
      expect(route.responds?.mediaType ?? route.responds?.status, `${key} declares no response schema`).toBeOneOf([
        'text/csv',
        'application/pdf, image/png or image/jpeg',
        204,
      ]);
    else expect(success.content?.['application/json'], key).toBeDefined();
    if (route.permission !== 'public') expect(operation.responses['401'], key).toBeDefined();
  }
}

/** Runs `redocly lint` (the repo's redocly.yaml: the recommended rules) on `document`; answers its exit code and report. */
async function redoclyLint(name: string, document: unknown): Promise<{ code: number; report: string }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'portaldesk-openapi-'));
  try {
    const file = path.join(directory, `${name}.json`);
    await writeFile(file, JSON.stringify(document));
    const cli = path.join(REPO, 'node_modules/@redocly/cli/bin/cli.js');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [cli, 'lint', '--format=stylish', `--config=${path.join(REPO, 'redocly.yaml')}`, file],
        { env, cwd: REPO },
      );
      return { code: 0, report: stdout + stderr };
    } catch (failure) {
      const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
      return { code, report: stdout + stderr };
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe('the staff API document (GET /api/openapi.json)', () => {
  it('when fetched, then every mounted route appears with its permission, operationId, request and response schemas', async () => {
    const { body } = await supertest(h.app).get('/api/openapi.json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(body.servers).toEqual([{ url: 'http://console.test/api' }]);
    expectEveryRoute(body, h.routes);
    expect(body.paths['/patients'].get['x-permission']).toEqual({ action: 'list', resource: 'patients' });
    expect(body.paths['/staff-users'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'display_name', 'roles']),
    );
    expect(body.paths['/failed-jobs/{id}/retry'].post.responses['409'].description).toMatch(/not_failed/);
  });
});

describe('the portal API document (GET /portal-api/v1/openapi.json)', () => {
  it('when fetched without a token, then it lists every portal route with the bearer token as its permission', async () => {
    const { body } = await supertest(h.app).get('/portal-api/v1/openapi.json').expect(200);
    expect(body.servers).toEqual([{ url: 'http://console.test/portal-api/v1' }]);
    expectEveryRoute(body, h.portalRoutes);
    expect(body.paths['/activations'].post.security).toEqual([{ portalToken: [] }]);
    expect(body.paths['/activations'].post.responses['422'].description).toMatch(/activation_refused/);
  });
});

describe('both documents', () => {
  it.each([
    ['staff-api', '/api/openapi.json'],
    ['portal-api', '/portal-api/v1/openapi.json'],
  ])(
    'when the %s document is linted with redocly, then it has no errors and no warnings',
    async (name, address) => {
      const { body } = await supertest(h.app).get(address).expect(200);
      const { code, report } = await redoclyLint(name, body);
      expect(report).toMatch(/Woohoo! Your API description is valid/);
      expect(report).not.toMatch(/You have \d+ warnings?/);
      expect(code).toBe(0);
    },
    60_000,
  );
});
