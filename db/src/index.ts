import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { installJobQueue, jobQueueBehind } from './job-queue.ts';
import { ensureApiLoginRole, grantAppRole, type AppRoleOutcome } from './roles.ts';

export { EmbeddedPostgresError } from './embedded.ts';
export { JOB_QUEUES, JOB_SCHEMA, jobQueueDb, type JobQueueDefinition, type JobQueueName } from './job-queue.ts';
export { appRoleOf, apiLoginRoleOf, describeConnectionRole, type AppRoleOutcome, type ConnectionRole } from './roles.ts';
export type { Knex } from 'knex';

/** Defined by scripts/build.mjs in the compiled server, where this module sits in dist/. */
declare const PORTALDESK_COMPILED: boolean | undefined;
const compiled = typeof PORTALDESK_COMPILED !== 'undefined' && PORTALDESK_COMPILED;

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository's root folder. */
export const repoRoot = compiled ? path.resolve(here, '..') : path.resolve(here, '..', '..');
/** Migrations and seeds: their sources, or their compiled copies beside the compiled server. */
const databaseFiles = compiled ? path.join(here, 'db') : path.resolve(here, '..');
const migrationsDirectory = path.join(databaseFiles, 'migrations');
const seedsDirectory = path.join(databaseFiles, 'seeds');
const moduleExtension = compiled ? '.js' : '.ts';

// DATE columns are calendar days, not instants: keep them as 'YYYY-MM-DD' strings so no time
// zone can shift a birth date by one day.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint ids fit in a JS number for any realistic table; clients get numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// The same for arrays of them (bigint[], OID 1016).
const INT8_ARRAY = 1016 as Parameters<typeof pg.types.getTypeParser>[0];
const parseInt8Array = pg.types.getTypeParser(INT8_ARRAY) as (value: string) => (string | null)[];
pg.types.setTypeParser(INT8_ARRAY, (value: string) => parseInt8Array(value).map((item) => (item === null ? null : Number(item))));

export interface Database {
  /** The API's pool, connected as the app role where there is one (see roles.ts). */
  knex: Knex;
  /** True when this process started its own embedded PostgreSQL. */
  embedded: boolean;
  /** The embedded cluster's folder, when embedded. */
  embeddedFolder?: string;
  connectionString: string;
  /** Applies pending migrations, the reference data and the app role's grants, as the schema's owner. */
  migrate(now: Date): Promise<MigrationResult>;
  /**
   * What a start needs: the embedded database is always migrated (it is ours). An external one
   * is migrated explicitly (`npm run migrate`): pending migrations refuse the start, unless
   * `migrateOnStart` (MIGRATE_ON_START=true) says to apply them as the owner.
   */
  prepare(now: Date, options?: { migrateOnStart?: boolean }): Promise<MigrationResult | undefined>;
  /** Ends the pool, then stops the embedded server if this process started one. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL the API connects with; without one an embedded server is started under `dataDir`. */
  databaseUrl?: string;
  /** The schema owner's URL, for migrations; DATABASE_URL's own role when not given. */
  migrationDatabaseUrl?: string;
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

/**
 * Opens the application's database: DATABASE_URL when given, else the embedded server. The
 * embedded server sets up both roles by itself: its bootstrap superuser owns the schema and runs
 * migrations; the API connects as `portaldesk_api`, a member of the app role only.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let connectionString = options.databaseUrl;
  let ownerConnectionString = options.migrationDatabaseUrl ?? options.databaseUrl;
  if (!connectionString) {
    server = await startEmbeddedPostgres(options.dataDir ?? path.join(repoRoot, '.data'));
    try {
      await ensureDatabase(server.connectionString('postgres'), EMBEDDED_DATABASE);
      ownerConnectionString = server.connectionString(EMBEDDED_DATABASE);
      connectionString = await embeddedApiConnection(server);
    } catch (error) {
      await server.stop();
      throw error;
    }
  }
  const knex = createKnex(connectionString, options.poolMax, options.onPoolError);
  const withOwner = async <T>(work: (owner: Knex) => Promise<T>): Promise<T> => {
    const owner = createKnex(ownerConnectionString!, 1, options.onPoolError);
    try {
      return await work(owner);
    } finally {
      await owner.destroy();
    }
  };
  return {
    knex,
    embedded: server !== undefined,
    embeddedFolder: server?.folder,
    connectionString,
    migrate: (now) => withOwner((owner) => migrate(owner, { now })),
    async prepare(now, { migrateOnStart = false } = {}) {
      const pending = await pendingMigrations(knex);
      const jobQueue = pending.length ? null : await jobQueueBehind(knex);
      if (server === undefined && pending.length === 0 && !jobQueue) return undefined;
      const what = pending.length
        ? `${pending.length} database migration(s) are pending (${pending.at(-1)} the newest)`
        : `The database is not ready: ${jobQueue}`;
      if (server === undefined && !migrateOnStart) {
        throw new SchemaNotReadyError(
          `${what}. Apply the migrations with \`npm run migrate\` (as the schema owner: MIGRATION_DATABASE_URL), or start with MIGRATE_ON_START=true.`,
        );
      }
      try {
        return await withOwner((owner) => migrate(owner, { now }));
      } catch (error) {
        if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
        throw new SchemaNotReadyError(
          `${what}, and the role DATABASE_URL connects as may not apply the migrations. ` +
            "Run `npm run migrate` with MIGRATION_DATABASE_URL set to the schema owner's URL, then try again.",
        );
      }
    },
    async close() {
      await knex.destroy();
      await server?.stop();
    },
  };
}

const EMBEDDED_DATABASE = 'portaldesk';

/**
 * The API's own login on the embedded server: created on first start (the app role first, so the
 * login can join it before the first migration has run), its password kept beside the cluster.
 */
async function embeddedApiConnection(server: EmbeddedServer): Promise<string> {
  const passwordFile = path.join(server.folder, 'api-password');
  let password: string;
  try {
    password = (await fs.readFile(passwordFile, 'utf8')).trim();
  } catch {
    password = randomBytes(24).toString('base64url');
    await fs.writeFile(passwordFile, password, { mode: 0o600 });
  }
  const client = new pg.Client({ connectionString: server.connectionString(EMBEDDED_DATABASE) });
  await client.connect();
  try {
    const owner = createKnex(server.connectionString(EMBEDDED_DATABASE), 1);
    try {
      await grantAppRole(owner);
    } finally {
      await owner.destroy();
    }
    const login = await ensureApiLoginRole(client, EMBEDDED_DATABASE, password);
    return server.connectionString(EMBEDDED_DATABASE, { user: login, password });
  } finally {
    await client.end();
  }
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

/**
 * The migration or seed modules of a folder, in order, each under its source's name: knex keeps
 * that name in knex_migrations, so a database migrated from the sources and one migrated by the
 * compiled server agree on what ran.
 */
async function modulesIn(directory: string): Promise<{ name: string; url: string }[]> {
  return (await fs.readdir(directory))
    .filter((file) => file.endsWith(moduleExtension))
    .sort()
    .map((file) => ({ name: `${file.slice(0, -moduleExtension.length)}.ts`, url: pathToFileURL(path.join(directory, file)).href }));
}

/**
 * Migrations are loaded with our own import() rather than knex's, so they load the same way
 * under tsx, vitest, the compiled server and any other runner.
 */
const migrationSource: Knex.MigrationSource<{ name: string; url: string }> = {
  getMigrations: () => modulesIn(migrationsDirectory),
  getMigrationName: (migration) => migration.name,
  getMigration: (migration) => import(migration.url) as Promise<MigrationModule>,
};

export interface MigrationResult {
  applied: string[];
  appRole: AppRoleOutcome;
}

const INSUFFICIENT_PRIVILEGE = '42501';

/** Migrations are pending and this start will not, or may not, apply them; the message says what to do. */
export class SchemaNotReadyError extends Error {}

/**
 * Migrations in the folder that this database has not run yet. Read with plain SELECTs (knex's
 * own listing creates its table when missing, which the API's role may not do).
 */
export async function pendingMigrations(knex: Knex): Promise<string[]> {
  const names = (await modulesIn(migrationsDirectory)).map((migration) => migration.name);
  const {
    rows: [{ exists }],
  } = await knex.raw<{ rows: { exists: boolean }[] }>("SELECT to_regclass('public.knex_migrations') IS NOT NULL AS exists");
  if (!exists) return names;
  const done = new Set((await knex('knex_migrations').select('name')).map((row: { name: string }) => row.name));
  return names.filter((name) => !done.has(name));
}

/** Undoes every migration, newest first, as the owner (the test that proves each one can be undone). */
export async function rollbackAllMigrations(knex: Knex): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback({ migrationSource }, true)) as [number, string[]];
  return undone;
}

/** Upserts the reference data (roles, default settings); idempotent, run as the owner. */
async function seedReferenceData(knex: Knex, now: Date): Promise<void> {
  for (const { url } of await modulesIn(seedsDirectory)) {
    const seed = (await import(url)) as { seed(knex: Knex, now: Date): Promise<void> };
    await seed.seed(knex, now);
  }
}

/**
 * Applies every pending migration, then the reference data, the job queue's schema and queues,
 * and the app role's grants. Run it as the schema's owner.
 */
export async function migrate(knex: Knex, { now }: { now: Date }): Promise<MigrationResult> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  await seedReferenceData(knex, now);
  await installJobQueue(knex);
  return { applied, appRole: await grantAppRole(knex) };
}
