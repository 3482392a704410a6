/**
 * Imports a lab results file from the EHR feed:
 *
 *   npm run import:results -- FILE.csv [--dry-run] [--rejects REJECTS.csv]
 *
 * Idempotent on the accession number: a result already on file is left alone, or recorded as a
 * correction when the lab changed it. Progress and rejected rows go to stderr, the summary to
 * stdout. Exit codes: 0 imported (or a clean dry run), 1 rows rejected and nothing written,
 * 2 usage, unreadable file or a file that cannot be imported at all (empty, wrong columns, broken
 * CSV), 3 the import failed (database), 130 interrupted. Uses DATABASE_URL, else the embedded
 * PostgreSQL.
 */
import { importResults } from '@portaldesk/admin-api';
import { count, runImportCommand } from './cli.ts';

const USAGE = 'Usage: npm run import:results -- FILE.csv [--dry-run] [--rejects REJECTS.csv]';

process.exitCode = await runImportCommand({
  usage: USAGE,
  importFile: importResults,
  keyColumn: 'accession_number',
  keyOf: (reject) => reject.accession_number,
  counts: (report) => [
    ['new', `${count(report.inserted)}${report.held ? ` (${count(report.held)} held by a state-law rule)` : ''}`],
    ['corrected', count(report.corrected)],
    ['unchanged', count(report.unchanged)],
  ],
});
