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
import { importGuarantorAccounts } from '@portaldesk/admin-api';
import { count, runImportCommand } from './cli.ts';

const USAGE = 'Usage: npm run import:guarantor-accounts -- FILE.csv [--dry-run] [--rejects REJECTS.csv]';

process.exitCode = await runImportCommand({
  usage: USAGE,
  importFile: importGuarantorAccounts,
  keyColumn: 'account_number',
  keyOf: (reject) => reject.account_number,
  counts: (report) => [
    ['new', count(report.inserted)],
    ['updated', count(report.updated)],
    ['unchanged', count(report.unchanged)],
  ],
});
