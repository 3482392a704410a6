import pg from 'pg';
import { createKnex, dropDatabase, migrate } from '@portaldesk/db';
import { provisionTestDatabase } from '@portaldesk/db/testing';

/** The name a database kept by `--keep` is given, so the next `--keep` run finds it. */
const KEPT_DATABASE = 'portaldesk_bench_kept';

/** The benchmark's own database; never the application's. */
export interface BenchDatabase {
  connectionString: string;
  /** "embedded" or "DATABASE_URL (host:port)", never credentials. */
  serverLabel: string;
  /** True when a kept database already holds the requested patients. */
  loaded: boolean;
  /** Drops the database (or stops the embedded server), unless `keep` and this server allows keeping. */
  release(keep: boolean): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function keptDatabaseRows(adminUrl: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [KEPT_DATABASE]);
    if (!rowCount) return undefined;
  } finally {
    await client.end();
  }
  const knex = createKnex(withDatabase(adminUrl, KEPT_DATABASE), 1);
  try {
    // A kept database from an older checkout gets the newer migrations, as any database would.
    await migrate(knex, { now: new Date() });
    const [{ count }] = await knex('patients').count<{ count: string }[]>({ count: '*' });
    return Number(count);
  } finally {
    await knex.destroy();
  }
}

async function renameDatabase(adminUrl: string, from: string, to: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${pg.escapeIdentifier(from)} RENAME TO ${pg.escapeIdentifier(to)}`);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway, migrated database on DATABASE_URL's server, else on an embedded server of its own.
 * With `keep` (DATABASE_URL only: an embedded server cannot outlive the run) a database with the
 * same number of patients kept by an earlier run is reused, and a fresh one is kept at the end.
 */
export async function openBenchDatabase(options: { keep: boolean; rows: number }): Promise<BenchDatabase> {
  const adminUrl = process.env.DATABASE_URL || undefined;
  const serverLabel = adminUrl ? `DATABASE_URL (${new URL(adminUrl).host})` : 'embedded';
  if (options.keep && !adminUrl) console.warn('--keep needs DATABASE_URL: an embedded server is removed at the end of the run.');

  if (options.keep && adminUrl) {
    const keptRows = await keptDatabaseRows(adminUrl);
    if (keptRows === options.rows) {
      return { connectionString: withDatabase(adminUrl, KEPT_DATABASE), serverLabel, loaded: true, release: async () => undefined };
    }
    if (keptRows !== undefined) await dropDatabase(adminUrl, KEPT_DATABASE);
  }

  const database = await provisionTestDatabase('portaldesk_bench');
  return {
    // As the owner: loading drops and rebuilds the search indexes, which only the owner may do.
    connectionString: database.ownerConnectionString,
    serverLabel,
    loaded: false,
    async release(keep) {
      if (keep && adminUrl) {
        await renameDatabase(adminUrl, decodeURIComponent(new URL(database.ownerConnectionString).pathname.slice(1)), KEPT_DATABASE);
        console.log(`Kept the database as ${KEPT_DATABASE}; the next run with --keep reuses it. Drop it with: DROP DATABASE ${KEPT_DATABASE};`);
      } else {
        await database.teardown();
      }
    },
  };
}
