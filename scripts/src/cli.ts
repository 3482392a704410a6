import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { csvLine, systemClock } from '@portaldesk/admin-api';
import { EmbeddedPostgresError, SchemaNotReadyError, openDatabase, repoRoot, type Database } from '@portaldesk/db';

/** Exit codes shared by the scripts. */
export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** The data folder of the embedded database (DATA_DIR, else ./.data). */
export function dataDirectory(): string {
  return process.env.DATA_DIR ? path.resolve(process.env.DATA_DIR) : path.join(repoRoot, '.data');
}

/**
 * The database a script works on: DATABASE_URL (migrated as MIGRATION_DATABASE_URL's owner when
 * that is set), else the embedded one.
 */
export function openScriptDatabase(): Promise<Database> {
  return openDatabase({
    databaseUrl: process.env.DATABASE_URL || undefined,
    migrationDatabaseUrl: process.env.MIGRATION_DATABASE_URL || undefined,
    dataDir: dataDirectory(),
  });
}

/**
 * Brings the database up to date as a start does: the embedded one always, DATABASE_URL's only
 * with MIGRATE_ON_START=true (else pending migrations stop the script with what to run).
 */
export async function prepareScriptDatabase(db: Database): Promise<void> {
  await db.prepare(systemClock(), { migrateOnStart: ['true', '1', 'yes'].includes(process.env.MIGRATE_ON_START ?? '') });
}

/** Parses flags; an unknown flag or a missing value prints the usage and exits 2, not a stack trace. */
export function parseFlags<T extends ParseArgsConfig['options']>(options: T, usage: string) {
  try {
    return parseArgs({ options, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(EXIT.usage);
  }
}

/**
 * Runs `work` with the database (DATABASE_URL, else the embedded one), up to date, and closes it
 * however the work ends, Ctrl-C included, so no embedded server is left behind.
 */
export async function runWithDatabase(work: (db: Database) => Promise<number>, { migrate = false } = {}): Promise<never> {
  let db: Database | undefined;
  const interrupt = async () => {
    console.error('\nInterrupted; nothing further is written.');
    await db?.close().catch(() => undefined);
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let code: number;
  try {
    db = await openScriptDatabase();
    // `npm run migrate` migrates as the owner whatever is pending; other scripts only when needed.
    if (!migrate) await prepareScriptDatabase(db);
    code = await work(db);
  } catch (error) {
    if (error instanceof UsageError || error instanceof EmbeddedPostgresError || error instanceof SchemaNotReadyError) {
      console.error(error.message);
      code = EXIT.usage;
    } else {
      console.error(error);
      code = EXIT.usage;
    }
  } finally {
    await db?.close().catch(() => undefined);
  }
  process.exit(code);
}

/** A count as people read it: 1,000,000. */
export const count = (n: number) => n.toLocaleString('en-US');
export const rows = (n: number) => `${count(n)} ${n === 1 ? 'row' : 'rows'}`;

/** Database errors can quote row values, so only their code and constraint are shown. */
export function describeFailure(error: unknown): string {
  if (error instanceof pg.DatabaseError) return `database error ${error.code}${error.constraint ? ` on ${error.constraint}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Progress of a CSV import, one line per report, on stderr. */
export function printImportProgress({ phase, rowsRead, seconds }: { phase: string; rowsRead: number; seconds: number }): void {
  console.error(
    phase === 'reading'
      ? `read ${rows(rowsRead)} (${count(Math.round(rowsRead / seconds))} rows/s)`
      : `${phase === 'saving' ? 'saving' : 'checking'}: ${rows(rowsRead)} read`,
  );
}

/**
 * The first rejected rows' problems on stderr (at most `limit` lines), and how many more there
 * are: the whole list goes to the rejects file.
 */
export function printRejects(
  rejects: { line: number; problems: { field: string; reason: string }[] }[],
  rejected: number,
  rejectsFile: string | undefined,
  limit = 100,
): void {
  let printed = 0;
  let rowsPrinted = 0;
  for (const reject of rejects) {
    if (printed + reject.problems.length > limit) break;
    for (const { field, reason } of reject.problems) console.error(`line ${reject.line}: ${field}: ${reason}`);
    printed += reject.problems.length;
    rowsPrinted += 1;
  }
  const more = rejected - rowsPrinted;
  if (more > 0) {
    const where = rejectsFile ? `all rejects are in ${rejectsFile}` : 'use --rejects FILE.csv to get them all';
    console.error(`… and ${count(more)} more rejected ${more === 1 ? 'row' : 'rows'} (${where})`);
  }
}

/**
 * An import's rejects file, its header written: rejected rows go to it as the file is read. Null,
 * having said why, when it cannot be written.
 */
export function openRejectsFile(file: string, header: string[]): fs.WriteStream | null {
  let out: fs.WriteStream;
  try {
    out = fs.createWriteStream('', { fd: fs.openSync(file, 'w') });
  } catch (error) {
    console.error(`Cannot write ${file}: ${(error as Error).message}`);
    return null;
  }
  out.write(csvLine(header));
  return out;
}

/** Aborts on Ctrl-C or SIGTERM, saying that the import rolls back. */
export function abortOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  const interrupt = () => {
    console.error('Interrupted: rolling back, nothing will be written.');
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  return controller.signal;
}
