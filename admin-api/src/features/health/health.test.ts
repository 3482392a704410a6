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
