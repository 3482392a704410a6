/**
 * Imports a patient CSV extract from the EHR:
 *
 *   npm run import:patients -- FILE.csv [--dry-run] [--rejects REJECTS.csv] [--extracted-at INSTANT]
 *
 * --extracted-at names when the EHR made the extract (ISO 8601 with its offset): a field staff
 * changed after it keeps the staff value and is reported as a conflict. Progress, rejected rows
 * and conflicts go to stderr, the summary to stdout. Exit codes: 0 imported (or a
 * clean dry run), 1 rows rejected and nothing written, 2 usage, unreadable file or a file that
 * cannot be imported at all (empty, wrong columns, broken CSV), 3 the import failed (database),
 * 130 interrupted. Uses DATABASE_URL, else the embedded PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '@portaldesk/db';
import { AppError, commandLineActor, csvLine, importPatients, type ImportReport, type RowReject } from '@portaldesk/admin-api';
import {
  EXIT,
  count,
  describeFailure,
  openScriptDatabase,
  parseFlags,
  abortOnInterrupt,
  openRejectsFile,
  prepareScriptDatabase,
  printImportProgress,
  printRejects,
  rows,
} from './cli.ts';

const USAGE = 'Usage: npm run import:patients -- FILE.csv [--dry-run] [--rejects REJECTS.csv] [--extracted-at 2026-12-01T06:00:00-05:00]';
const STDERR_CONFLICT_LINES = 100;
/** An ISO 8601 instant with its offset, as the API's extracted_at takes it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Conflicts by line and field, never the values: the file's or the stored. */
function printConflicts(report: ImportReport): void {
  for (const conflict of report.conflicts.slice(0, STDERR_CONFLICT_LINES)) {
    const how = conflict.source === 'change_request' ? "a patient's request staff accepted" : 'a staff correction';
    console.error(`line ${conflict.line}: ${conflict.field}: changed at ${conflict.changedAt.toISOString()} (${how}); the import keeps that value`);
  }
  const more = report.conflicted - Math.min(report.conflicts.length, STDERR_CONFLICT_LINES);
  if (more > 0) console.error(`… and ${count(more)} more conflicting fields`);
}

function printSummary(report: ImportReport): void {
  const outcome = report.dryRun
    ? `dry run: nothing was written; ${report.rejected ? 'fix the rejected rows first' : 'every row can be imported'}`
    : report.committed
      ? 'imported'
      : `nothing was written: ${rows(report.rejected)} rejected`;
  const rate = report.rowsRead ? ` (${count(Math.round(report.rowsRead / report.seconds))} rows/s)` : '';
  console.log(`${report.fileName}: ${outcome}${report.rowsRead ? '' : ' (no data rows: the file has only a header)'}`);
  console.log(`  read       ${count(report.rowsRead)}`);
  console.log(`  valid      ${count(report.valid)}`);
  console.log(`  rejected   ${count(report.rejected)}`);
  console.log(`  imported   ${count(report.imported)}`);
  console.log(`  conflicts  ${count(report.conflicted)}${report.conflicted ? ' (fields staff changed after the extract keep their value)' : ''}`);
  console.log(`  seconds    ${report.seconds.toFixed(1)}${rate}`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseFlags(
    { 'dry-run': { type: 'boolean', default: false }, rejects: { type: 'string' }, 'extracted-at': { type: 'string' } },
    USAGE,
  );
  if (positionals.length !== 1) {
    console.error(`Name exactly one CSV file.\n${USAGE}`);
    return EXIT.usage;
  }
  const [file] = positionals;
  const dryRun = values['dry-run'] === true;
  const rejectsFile = typeof values.rejects === 'string' ? values.rejects : undefined;
  let extractedAt: Date | undefined;
  if (typeof values['extracted-at'] === 'string') {
    extractedAt = new Date(values['extracted-at']);
    if (!INSTANT.test(values['extracted-at']) || Number.isNaN(extractedAt.getTime())) {
      console.error(`--extracted-at must be an ISO 8601 date-time with its offset, such as 2026-12-01T06:00:00-05:00.\n${USAGE}`);
      return EXIT.usage;
    }
  }
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    console.error(`Cannot read ${file}: no such file.\n${USAGE}`);
    return EXIT.usage;
  }

  let rejectsOut: fs.WriteStream | undefined;
  if (rejectsFile) {
    rejectsOut = openRejectsFile(rejectsFile, ['line', 'mrn', 'reason']) ?? undefined;
    if (!rejectsOut) return EXIT.usage;
  }
  const interrupted = abortOnInterrupt();
  let database: Database | undefined;
  try {
    database = await openScriptDatabase();
    await prepareScriptDatabase(database);
    const report = await importPatients(database.knex, fs.createReadStream(file), {
      actor: commandLineActor(randomUUID()),
      fileName: path.basename(file),
      dryRun,
      extractedAt,
      signal: interrupted,
      onProgress: printImportProgress,
      onReject: (reject: RowReject) => {
        for (const { field, reason } of reject.problems) {
          rejectsOut?.write(csvLine([reject.line, reject.mrn, `${field}: ${reason}`]));
        }
      },
    });
    printRejects(report.rejects, report.rejected, rejectsFile);
    printConflicts(report);
    printSummary(report);
    return report.rejected ? 1 : 0;
  } catch (error) {
    if (interrupted.aborted) return 130;
    if (error instanceof AppError) {
      console.error(error.message);
      return error.status === 400 ? 2 : 3;
    }
    console.error(`The import failed (${describeFailure(error)}); nothing was written.`);
    return 3;
  } finally {
    await new Promise((resolve) => (rejectsOut ? rejectsOut.end(resolve) : resolve(undefined)));
    await database?.close();
  }
}

process.exitCode = await main();
