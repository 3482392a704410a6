import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { temporaryDataDirectory } from './testing.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('when started twice on one folder, then the second start explains that a server is already running and how to stop it', async () => {
    const dir = await temporaryDataDirectory('portaldesk-embedded');
    dirs.push(dir);
    const first: EmbeddedServer = await startEmbeddedPostgres(dir);
    try {
      const client = new pg.Client({ connectionString: first.connectionString('postgres') });
      await client.connect();
      const { rows } = await client.query('SHOW server_version_num');
      await client.end();
      expect(Number(rows[0].server_version_num)).toBeGreaterThanOrEqual(150000);

      const second = startEmbeddedPostgres(dir);
      await expect(second).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(second).rejects.toThrow(/already running.*crashed.*pg_ctl stop/s);
    } finally {
      await first.stop();
    }
    // Stopped cleanly: no server is left, and the folder starts again.
    await expect(fs.access(path.join(dir, 'pgdata', 'postmaster.pid'))).rejects.toThrow();
    const again = await startEmbeddedPostgres(dir);
    await again.stop();
  });
});
