import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createKnex, dropDatabase, ensureDatabase, migrate } from './index.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { dropDatabaseRoles, ensureApiLoginRole } from './roles.ts';

export interface TestDatabase {
  /** As the API's login role (a member of the app role only), the way the API runs in production. */
  connectionString: string;
  /** As the schema's owner (who ran the migrations): for fixtures the API's role may not write. */
  ownerConnectionString: string;
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

function withDatabase(url: string, database: string, login?: { user: string; password: string }): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (login) {
    parsed.username = encodeURIComponent(login.user);
    parsed.password = encodeURIComponent(login.password);
  }
  return parsed.toString();
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database for one test run: on the server named by DATABASE_URL when set,
 * else on an embedded server of its own. Migrated by the server's administrator (the owner);
 * the API connects through a login role of its own, as in production. Dropped, with its roles
 * (or the embedded server stopped and removed), at teardown.
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
  const ownerConnectionString = withDatabase(adminUrl, database);
  const knex = createKnex(ownerConnectionString, 2);
  try {
    // Test data is dated by each test's own clock; the reference data's date does not matter.
    await migrate(knex, { now: new Date() });
  } finally {
    await knex.destroy();
  }
  const password = randomBytes(18).toString('base64url');
  const login = await withClient(ownerConnectionString, (client) => ensureApiLoginRole(client, database, password));
  return {
    connectionString: withDatabase(adminUrl, database, { user: login, password }),
    ownerConnectionString,
    async teardown() {
      await dropDatabase(adminUrl, database);
      await withClient(adminUrl, (client) => dropDatabaseRoles(client, database));
      if (stopServer) {
        await stopServer();
        await fs.rm(dataDir!, { recursive: true, force: true });
      }
    },
  };
}
