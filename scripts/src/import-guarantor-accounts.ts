/**
 * Imports a guarantor accounts file from the billing system:
 *
 *   npm run import:guarantor-accounts -- FILE.csv [--dry-run] [--rejects REJECTS.csv]
 *
 * Idempotent on the account number: an account already on file is left alone, or updated (its
 * patients replaced by the file's) when the billing system changed it. Progress and rejected rows
 * go to stderr, the summary to stdout. Exit codes: 0 imported (or a clean dry run), 1 rows
 * rejected and nothing written, 2 usage, unreadable file or a file that cannot be imported at all
 * (empty, wrong columns, broken CSV), 3 the import failed (database), 130 interrupted. Uses
 * DATABASE_URL, else the embedded PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '@portaldesk/db';
import { AppError, commandLineActor, csvLine, importGuarantorAccounts, type GuarantorAccountImportReport } from '@portaldesk/admin-api';
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

const USAGE = 'Usage: npm run import:guarantor-accounts -- FILE.csv [--dry-run] [--rejects REJECTS.csv]';

function printSummary(report: GuarantorAccountImportReport): void {
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
  console.log(`  new        ${count(report.inserted)}`);
  console.log(`  updated    ${count(report.updated)}`);
  console.log(`  unchanged  ${count(report.unchanged)}`);
  console.log(`  seconds    ${report.seconds.toFixed(1)}${rate}`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseFlags({ 'dry-run': { type: 'boolean', default: false }, rejects: { type: 'string' } }, USAGE);
  if (positionals.length !== 1) {
    console.error(`Name exactly one CSV file.\n${USAGE}`);
    return EXIT.usage;
  }
  const [file] = positionals;
  const rejectsFile = typeof values.rejects === 'string' ? values.rejects : undefined;
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    console.error(`Cannot read ${file}: no such file.\n${USAGE}`);
    return EXIT.usage;
  }
  let rejectsOut: fs.WriteStream | undefined;
  if (rejectsFile) {
    rejectsOut = openRejectsFile(rejectsFile, ['line', 'account_number', 'reason']) ?? undefined;
    if (!rejectsOut) return EXIT.usage;
  }
  const interrupted = abortOnInterrupt();
  let database: Database | undefined;
  try {
    database = await openScriptDatabase();
    await prepareScriptDatabase(database);
    const report = await importGuarantorAccounts(database.knex, fs.createReadStream(file), {
      actor: commandLineActor(randomUUID()),
      fileName: path.basename(file),
      dryRun: values['dry-run'] === true,
      signal: interrupted,
      onProgress: printImportProgress,
      onReject: (reject) => {
        for (const { field, reason } of reject.problems) rejectsOut?.write(csvLine([reject.line, reject.account_number, `${field}: ${reason}`]));
      },
    });
    printRejects(report.rejects, report.rejected, rejectsFile);
    printSummary(report);
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

process.exitCode = await main();
