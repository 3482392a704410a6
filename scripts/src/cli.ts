import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError, commandLineActor, csvLine, OwnText, systemClock } from '@portaldesk/admin-api';
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

/** A whole-number option (`--name N`) within [min, max], `fallback` when absent; else usage and exit 2. */
export function wholeNumberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number, usage: string): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}.\n${usage}`);
    process.exit(EXIT.usage);
  }
  return value;
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

/** What an import command prints of a CSV import's report. */
export interface ImportCommandReport {
  fileName: string;
  dryRun: boolean;
  committed: boolean;
  rowsRead: number;
  valid: number;
  rejected: number;
  seconds: number;
  rejects: { line: number; problems: { field: string; reason: string }[] }[];
}

export interface ImportCommand<Reject extends { line: number; problems: { field: string; reason: string }[] }, Report extends ImportCommandReport> {
  usage: string;
  /** The import, as the API runs it on an uploaded file. */
  importFile: (
    knex: Database['knex'],
    source: Readable,
    options: {
      actor: ReturnType<typeof commandLineActor>;
      fileName: string;
      dryRun: boolean;
      signal: AbortSignal;
      onProgress: typeof printImportProgress;
      onReject: (reject: Reject) => void;
    },
  ) => Promise<Report>;
  /** The column that names a rejected row in the rejects file (after its line), and its value. */
  keyColumn: string;
  keyOf: (reject: Reject) => string | null;
  /** The summary's lines between the rejected rows and the time: label and value. */
  counts: (report: Report) => [label: string, value: string][];
}

/** The summary of an import on stdout: the outcome, then what was read, written and how fast. */
function printImportSummary(report: ImportCommandReport, counts: [label: string, value: string][]): void {
  const outcome = report.dryRun
    ? `dry run: nothing was written; ${report.rejected ? 'fix the rejected rows first' : 'every row can be imported'}`
    : report.committed
      ? 'imported'
      : `nothing was written: ${rows(report.rejected)} rejected`;
  const rate = report.rowsRead ? ` (${count(Math.round(report.rowsRead / report.seconds))} rows/s)` : '';
  console.log(`${report.fileName}: ${outcome}${report.rowsRead ? '' : ' (no data rows: the file has only a header)'}`);
  const lines: [string, string][] = [
    ['read', count(report.rowsRead)],
    ['valid', count(report.valid)],
    ['rejected', count(report.rejected)],
    ...counts,
    ['seconds', `${report.seconds.toFixed(1)}${rate}`],
  ];
  for (const [label, value] of lines) console.log(`  ${label.padEnd(11)}${value}`);
}

/**
 * The command line of a CSV import (FILE.csv [--dry-run] [--rejects REJECTS.csv]): runs it on the
 * database, rejected rows to stderr and the rejects file, the summary to stdout; answers the exit
 * code: 0 imported (or a clean dry run), 1 rows rejected and nothing written, 2 usage, unreadable
 * file or a file that cannot be imported at all, 3 the import failed (database), 130 interrupted.
 */
export async function runImportCommand<Reject extends { line: number; problems: { field: string; reason: string }[] }, Report extends ImportCommandReport>(
  command: ImportCommand<Reject, Report>,
): Promise<number> {
  const { usage } = command;
  const { values, positionals } = parseFlags({ 'dry-run': { type: 'boolean', default: false }, rejects: { type: 'string' } }, usage);
  if (positionals.length !== 1) {
    console.error(`Name exactly one CSV file.\n${usage}`);
    return EXIT.usage;
  }
  const [file] = positionals;
  const rejectsFile = typeof values.rejects === 'string' ? values.rejects : undefined;
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    console.error(`Cannot read ${file}: no such file.\n${usage}`);
    return EXIT.usage;
  }
  let rejectsOut: fs.WriteStream | undefined;
  if (rejectsFile) {
    rejectsOut = openRejectsFile(rejectsFile, ['line', command.keyColumn, 'reason']) ?? undefined;
    if (!rejectsOut) return EXIT.usage;
  }
  const interrupted = abortOnInterrupt();
  let database: Database | undefined;
  try {
    database = await openScriptDatabase();
    await prepareScriptDatabase(database);
    const report = await command.importFile(database.knex, fs.createReadStream(file), {
      actor: commandLineActor(randomUUID()),
      fileName: path.basename(file),
      dryRun: values['dry-run'] === true,
      signal: interrupted,
      onProgress: printImportProgress,
      onReject: (reject) => {
        // The reason is ours and quotes no value: it reads as written. The key came from the file.
        for (const { field, reason } of reject.problems) rejectsOut?.write(csvLine([reject.line, command.keyOf(reject), new OwnText(`${field}: ${reason}`)]));
      },
    });
    printRejects(report.rejects, report.rejected, rejectsFile);
    printImportSummary(report, command.counts(report));
    return report.rejected ? EXIT.rejected : EXIT.ok;
  } catch (error) {
    if (interrupted.aborted) return 130;
    if (error instanceof AppError) {
      console.error(error.message);
      return error.status === 400 ? EXIT.usage : 3;
    }
    console.error(`The import failed (${describeFailure(error)}); nothing was written.`);
    return 3;
  } finally {
    await new Promise((resolve) => (rejectsOut ? rejectsOut.end(resolve) : resolve(undefined)));
    await database?.close();
  }
}
