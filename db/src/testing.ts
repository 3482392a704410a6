import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createKnex, dropDatabase, ensureDatabase, migrate } from './index.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export interface TestDatabase {
  connectionString: string;
  teardown(): Promise<void>;
}

/**
 * A folder for a throwaway embedded server, under the system's temporary folder: the checkout's
 * own parents may be closed to the `postgres` user the server runs as when we are root.
 */
export async function temporaryDataDirectory(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  await fs.chmod(dir, 0o711);
  return dir;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test run: on the server named by DATABASE_URL when set,
 * else on an embedded server of its own. Dropped (or stopped and removed) at teardown.
 */
export async function provisionTestDatabase(name = 'portaldesk_test'): Promise<TestDatabase> {
  const database = `${name}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let adminUrl = process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!adminUrl) {
    dataDir = await temporaryDataDirectory(database);
    const server = await startEmbeddedPostgres(dataDir);
    adminUrl = server.connectionString('postgres');
    stopServer = () => server.stop();
  }
  await ensureDatabase(adminUrl, database);
  const connectionString = withDatabase(adminUrl, database);
  const knex = createKnex(connectionString, 2);
  try {
    await migrate(knex);
  } finally {
    await knex.destroy();
  }
  return {
    connectionString,
    async teardown() {
      await dropDatabase(adminUrl, database);
      if (stopServer) {
        await stopServer();
        await fs.rm(dataDir!, { recursive: true, force: true });
      }
    },
  };
}
