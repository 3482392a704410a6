import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';

export { EmbeddedPostgresError } from './embedded.ts';
export type { Knex } from 'knex';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root folder. */
export const repoRoot = path.resolve(here, '..', '..');
const migrationsDirectory = path.resolve(here, '..', 'migrations');
const seedsDirectory = path.resolve(here, '..', 'seeds');

// DATE columns are calendar days, not instants: keep them as 'YYYY-MM-DD' strings so no time
// zone can shift a birth date by one day.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint ids fit in a JS number for any realistic table; clients get numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface Database {
  knex: Knex;
  /** True when this process started its own embedded PostgreSQL. */
  embedded: boolean;
  /** The embedded cluster's folder, when embedded. */
  embeddedFolder?: string;
  connectionString: string;
  /** Ends the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; without one an embedded server is started under `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  poolMax?: number;
  /** Called for pool-level errors (a dropped idle connection, the server going away). */
  onPoolError?: (error: Error) => void;
}

/** Builds a knex instance on a connection string; the pool's idle clients report errors instead of crashing the process. */
export function createKnex(connectionString: string, poolMax = 10, onPoolError?: (error: Error) => void): Knex {
  const report = (message: unknown) => onPoolError?.(message instanceof Error ? message : new Error(String(message)));
  return knexFactory({
    client: 'pg',
    connection: { connectionString, application_name: 'portaldesk' },
    // knex prints to the console by default; its errors also reach the caller, so route them to the pool-error hook.
    log: { warn: () => undefined, error: report, deprecate: () => undefined, debug: () => undefined },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate(connection: pg.Client, done: (error: Error | null, connection: pg.Client) => void) {
        connection.on('error', (error) => onPoolError?.(error));
        done(null, connection);
      },
    },
  });
}

/** Opens the application's database: DATABASE_URL when given, else the embedded server. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let connectionString = options.databaseUrl;
  if (!connectionString) {
    server = await startEmbeddedPostgres(options.dataDir ?? path.join(repoRoot, '.data'));
    await ensureDatabase(server.connectionString('postgres'), 'portaldesk').catch(async (error) => {
      await server!.stop();
      throw error;
    });
    connectionString = server.connectionString('portaldesk');
  }
  const knex = createKnex(connectionString, options.poolMax, options.onPoolError);
  return {
    knex,
    embedded: server !== undefined,
    embeddedFolder: server?.folder,
    connectionString,
    async close() {
      await knex.destroy();
      await server?.stop();
    },
  };
}

/** Creates `database` on the server behind `adminConnectionString` unless it exists. */
export async function ensureDatabase(adminConnectionString: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Drops `database` (closing its connections) on the server behind `adminConnectionString`. */
export async function dropDatabase(adminConnectionString: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

type MigrationModule = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

async function tsModulesIn(directory: string): Promise<string[]> {
  return (await fs.readdir(directory)).filter((file) => file.endsWith('.ts')).sort();
}

/**
 * Migrations are loaded with our own import() rather than knex's, so they load the same way
 * under tsx, vitest and any other TypeScript-aware runner.
 */
const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => tsModulesIn(migrationsDirectory),
  getMigrationName: (file) => file,
  getMigration: (file) => import(pathToFileURL(path.join(migrationsDirectory, file)).href) as Promise<MigrationModule>,
};

/** Applies every pending migration, then the reference-data seeds (idempotent). */
export async function migrate(knex: Knex): Promise<{ applied: string[] }> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  for (const file of await tsModulesIn(seedsDirectory)) {
    const seed = (await import(pathToFileURL(path.join(seedsDirectory, file)).href)) as { seed(knex: Knex): Promise<void> };
    await seed.seed(knex);
  }
  return { applied };
}
