import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './lib/errors.ts';
import { AnonymousDenials } from './lib/anonymous-denials.ts';
import { defineRoute, mountRoutes, type RouteSpec } from './lib/routes.ts';
import { createHarness, createPatient, createStaff, signIn, type Harness } from './testing/harness.ts';

let logLines: string[] = [];
let h: Harness;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  h = await createHarness({ logger: pino({ level: 'info' }, sink) });
});
afterAll(() => h.close());

const guards = () => ({ knex: h.knex, clock: h.clock.read, anonymousDenials: new AnonymousDenials(h.knex, h.clock.read, pino({ level: 'silent' })) });

describe('the app', () => {
  it('when a route declares no permission, then the app refuses to start', () => {
    const careless = { method: 'get', path: '/oops', tag: 't', summary: 'forgot', handler() {} } as unknown as RouteSpec;
    expect(() => mountRoutes(express.Router(), [careless], guards())).toThrow(/declares no permission/);
  });

  it('when staff sign in, search and open a patient, then the logs hold no bodies, names, MRNs or criteria', async () => {
    logLines = [];
    const staff = await createStaff(h.knex, ['front_desk']);
    const patient = await createPatient(h.knex, { family_name: 'Confidentialname', given_name: 'Secretgiven' });
    const { agent } = await signIn(h.app, staff);
    await agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ q: 'Confidentialname' }) })
      .expect(200);
    await agent
      .get('/api/patients')
      .query({ filter: JSON.stringify({ mrn: patient.mrn }) })
      .expect(200);
    await agent.get(`/api/patients/${patient.id}`).expect(200);
    const logs = logLines.join('');
    expect(logs).toContain('request completed');
    for (const secret of [staff.password, 'Confidentialname', 'Secretgiven', patient.mrn, 'filter', 'portaldesk.sid']) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).toContain('/api/patients/:id');
  });

  it('when requests are answered, then each writes one line with its id, route shape, status and time, and health probes write none', async () => {
    logLines = [];
    const staff = await createStaff(h.knex, ['front_desk']);
    const patient = await createPatient(h.knex);
    const { agent } = await signIn(h.app, staff);
    const shown = await agent.get(`/api/patients/${patient.id}`).expect(200);
    const missing = await agent.get('/api/no-such-thing').expect(404);
    await supertest(h.app).get('/api/health/live').expect(200);
    const lines = logLines.map(
      (text) =>
        JSON.parse(text) as {
          msg: string;
          level: number;
          req: { id: string; method: string; path: string };
          res: { statusCode: number };
          responseTime: number;
        },
    );
    const logged = lines.filter((line) => line.msg === 'request completed');
    expect(logged.find((line) => line.req.id === shown.headers['x-request-id'])).toMatchObject({
      level: 30,
      req: { method: 'GET', path: '/api/patients/:id' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(logged.find((line) => line.req.id === missing.headers['x-request-id'])).toMatchObject({ res: { statusCode: 404 } });
    expect(logged.filter((line) => line.req.path.startsWith('/api/health'))).toEqual([]);
    expect(new Set(logged.map((line) => line.req.id)).size).toBe(logged.length);
  });

  it('when any API answer goes out, even an error, then it carries Cache-Control: no-store and a request id', async () => {
    for (const path of ['/api/health/live', '/api/patients', '/api/no-such-thing']) {
      const response = await supertest(h.app).get(path);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const missing = await supertest(h.app).get('/api/no-such-thing').expect(404);
    expect(missing.body).toMatchObject({ code: 'no_such_route' });
  });

  it('when a handler fails unexpectedly, then the answer is a generic 500 with the request id and the log has no message text', async () => {
    logLines = [];
    const app = express();
    app.use((req, _res, next) => {
      (req as { id?: string }).id = 'req-123';
      next();
    });
    const router = express.Router();
    const exploding = defineRoute({
      method: 'get',
      path: '/explode',
      operationId: 'explode',
      tag: 't',
      summary: 'fails',
      permission: 'public',
      handler() {
        throw new Error('duplicate key value violates unique constraint: (mrn)=(SECRET-MRN)');
      },
    });
    mountRoutes(router, [exploding], guards());
    app.use(router);
    app.use(errorHandler(pino({ level: 'info' }, new Writable({ write: (c, _e, d) => (logLines.push(c.toString()), d()) }))));
    const response = await supertest(app).get('/explode').expect(500);
    expect(response.body).toEqual({
      code: 'internal_error',
      message: 'Something went wrong on our side. Quote request id req-123 to support.',
      requestId: 'req-123',
    });
    expect(logLines.join('')).toContain('req-123');
    expect(logLines.join('')).not.toContain('SECRET-MRN');
  });

  it('when the body is malformed JSON, then 400 malformed_json', async () => {
    const response = await supertest(h.app).post('/api/session').set('Content-Type', 'application/json').send('{"username":');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
  });
});
