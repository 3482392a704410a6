import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnex } from '@portaldesk/db';
import { createHarness, type Harness } from '../../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('health', () => {
  it('when the process is up, then live answers 200 without signing in', async () => {
    const response = await supertest(h.app).get('/api/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('when the database answers, then ready is 200', async () => {
    const response = await supertest(h.app).get('/api/health/ready').expect(200);
    expect(response.body.database).toBe('ok');
  });

  it('when the process starts draining, then ready is 503 at once, other requests are still answered, and every answer closes its connection', async () => {
    const draining = await createHarness();
    const server = draining.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const agent = new http.Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<{ status: number; connection?: string; body: unknown }>((resolve, reject) => {
        const { port } = server.address() as AddressInfo;
        http
          .get({ host: '127.0.0.1', port, path, agent }, (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body: JSON.parse(text) }));
          })
          .on('error', reject);
      });
    try {
      expect(await get('/api/health/live')).toEqual({ status: 200, connection: 'keep-alive', body: { status: 'ok' } });
      draining.startDraining();
      expect(await get('/api/health/ready')).toEqual({ status: 503, connection: 'close', body: { status: 'draining', database: 'not checked' } });
      expect(await get('/api/health/live')).toEqual({ status: 200, connection: 'close', body: { status: 'ok' } });
    } finally {
      agent.destroy();
      server.close();
      await draining.close();
    }
  });

  it('when the database cannot be reached, then ready is 503', async () => {
    const unreachable = await createHarness({ knex: createKnex('postgres://nobody@127.0.0.1:1/none', 1) });
    try {
      const response = await supertest(unreachable.app).get('/api/health/ready');
      expect(response.status).toBe(503);
      expect(response.body.database).toBe('unreachable');
    } finally {
      await unreachable.knex.destroy();
    }
  });
});
