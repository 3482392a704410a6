import type { Readable } from 'node:stream';
import type { Knex } from '@portaldesk/db';
import { auditSelectParts, type Actor } from '../../lib/audit.ts';
import { ImportRun, inImportTransaction, stageCsvIntoCopy, type ImportPhase, type ImportProgress, type RowProblem } from '../../lib/csv-import.ts';
import { UNIQUE_VIOLATION, conflict } from '../../lib/errors.ts';
import {
  GUARANTOR_ACCOUNT_COLUMNS,
  REQUIRED_GUARANTOR_ACCOUNT_COLUMNS,
  STAGED_COLUMNS,
  guarantorAccountCopyLine,
  guarantorAccountRowSchema,
  positions,
  safeAccountNumber,
} from './guarantor-accounts.import-row.ts';
import type { GuarantorAccountImportReport } from './guarantor-accounts.schema.ts';

const PROGRESS_EVERY_ROWS = 10_000;
const REJECTS_PER_FETCH = 5_000;

export type GuarantorAccountImportPhase = ImportPhase;

export interface GuarantorAccountImportOptions {
  /** Who runs the import; the audit rows name them, and their clock dates what is stored. */
  actor: Actor;
  fileName: string;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  onReject?: (reject: GuarantorAccountRowReject) => void;
  signal?: AbortSignal;
}

export interface GuarantorAccountRowReject {
  line: number;
  account_number: string | null;
  problems: RowProblem[];
}

/** The stored account's fields an import sets, compared to tell a change from a repeat. */
const ACCOUNT_FIELDS = ['guarantor_family_name', 'guarantor_given_name', 'address_line1', 'city', 'state', 'zip', 'balance_cents'] as const;

/**
 * Imports a guarantor accounts file from the billing system, all or nothing, idempotent on the
 * account number. Rows stream through validation into COPY, then the staged rows are checked
 * against what is stored: each must name a known service location (any case and spacing) and
 * known patients, and an account number must not appear twice. Only when no row was rejected,
 * and not in a dry run, are they merged: a new account number is inserted; a known one whose
 * fields, status or patients differ is updated, its patients replaced by the file's and its
 * version stepped; an identical one is left alone, version and all. Each patient on an account
 * the import adds or changes (or takes them off) gets an audit row, so it shows in their ledger.
 *
 * Like the results import, the report may say that an MRN is unknown, by its place in the list
 * ("MRN number 2"), never its value: billing must be told which rows to send again.
 */
export async function importGuarantorAccounts(knex: Knex, source: Readable, options: GuarantorAccountImportOptions): Promise<GuarantorAccountImportReport> {
  const run = new ImportRun<GuarantorAccountRowReject>(options);
  const now = options.actor.clock();
  return inImportTransaction(
    knex,
    'guarantor-accounts',
    options,
    async (trx) => {
      await trx.raw(`
        CREATE TEMP TABLE guarantor_account_import (
          line integer NOT NULL,
          account_number text NOT NULL,
          guarantor_family_name text NOT NULL,
          guarantor_given_name text NOT NULL,
          address_line1 text NOT NULL,
          city text NOT NULL,
          state text NOT NULL,
          zip text NOT NULL,
          patient_mrns text NOT NULL,
          balance_cents bigint NOT NULL,
          service_location text NOT NULL,
          closed boolean NOT NULL
        ) ON COMMIT DROP`);
      await stageCsvIntoCopy({
        trx,
        source,
        table: 'guarantor_account_import',
        copyColumns: STAGED_COLUMNS,
        columns: GUARANTOR_ACCOUNT_COLUMNS,
        requiredColumns: REQUIRED_GUARANTOR_ACCOUNT_COLUMNS,
        keyColumn: 'account_number',
        keyOf: safeAccountNumber,
        rowSchema: guarantorAccountRowSchema,
        copyLine: guarantorAccountCopyLine,
        run,
        progressEvery: PROGRESS_EVERY_ROWS,
        signal: options.signal,
        what: 'a guarantor accounts file',
      });
      run.reportProgress(options.dryRun ? 'checking' : 'saving');
      await rejectUnmatchedRows(trx, run);
      let counts: ChangeCounts = { inserted: 0, updated: 0 };
      if (run.rejected === 0) counts = await stageChanges(trx, !options.dryRun);
      if (run.rejected === 0 && !options.dryRun) await mergeAccounts(trx, counts, options, now);
      const { inserted, updated } = counts;
      return run.report(!options.dryRun && run.rejected === 0, { inserted, updated, unchanged: run.valid - inserted - updated });
    },
    auditEntry,
  );
}

interface ChangeCounts {
  inserted: number;
  updated: number;
}

function auditEntry(report: GuarantorAccountImportReport) {
  const { fileName, dryRun, rowsRead, valid, rejected, inserted, updated } = report;
  return {
    action: 'import',
    resource: 'guarantor-accounts',
    outcome: rejected ? ('failed' as const) : ('success' as const),
    details: { fileName, dryRun, rowsRead, valid, rejected, inserted, updated },
  };
}

/**
 * Rows the file alone cannot judge: an account number twice in the file, a service location
 * nobody added, an MRN with no patient (told by its place in the list). Read through a cursor,
 * so a hostile file cannot fill memory.
 */
async function rejectUnmatchedRows(trx: Knex.Transaction, run: ImportRun<GuarantorAccountRowReject>): Promise<void> {
  await trx.raw(`
    DECLARE unmatched_accounts NO SCROLL CURSOR FOR
      SELECT staged.line, staged.account_number,
             repeated.times AS repeated_times, repeated.first_lines,
             location.id IS NULL AS unknown_location,
             unknown.places AS unknown_mrns
        FROM guarantor_account_import staged
        LEFT JOIN service_locations location
               ON service_location_name_key(location.name) = service_location_name_key(staged.service_location)
        LEFT JOIN (SELECT account_number, count(*) AS times, (array_agg(line ORDER BY line))[1:5] AS first_lines
                     FROM guarantor_account_import GROUP BY account_number HAVING count(*) > 1) repeated
               ON repeated.account_number = staged.account_number
        LEFT JOIN LATERAL (
               SELECT array_agg(listed.place ORDER BY listed.place)::int[] AS places
                 FROM unnest(string_to_array(staged.patient_mrns, ';')) WITH ORDINALITY AS listed(mrn, place)
                WHERE NOT EXISTS (SELECT FROM patients patient WHERE patient.mrn = listed.mrn)) unknown ON true
       WHERE repeated.times IS NOT NULL OR location.id IS NULL OR unknown.places IS NOT NULL
       ORDER BY staged.line`);
  type Unmatched = {
    line: number;
    account_number: string;
    repeated_times: string | null;
    first_lines: number[] | null;
    unknown_location: boolean;
    unknown_mrns: number[] | null;
  };
  for (;;) {
    const { rows } = await trx.raw<{ rows: Unmatched[] }>(`FETCH ${REJECTS_PER_FETCH} FROM unmatched_accounts`);
    for (const row of rows) {
      const problems: RowProblem[] = [];
      if (row.repeated_times !== null) {
        const times = Number(row.repeated_times);
        const lines = row.first_lines!;
        problems.push({ field: 'account_number', reason: `appears on ${times} lines of the file: ${lines.join(', ')}${times > lines.length ? ', …' : ''}` });
      }
      if (row.unknown_mrns) {
        const [which, verb] = row.unknown_mrns.length === 1 ? ['MRN number', 'is not a known patient'] : ['MRNs number', 'are not known patients'];
        problems.push({ field: 'patient_mrns', reason: `${which} ${positions(row.unknown_mrns)} ${verb}: import the patients first` });
      }
      if (row.unknown_location) problems.push({ field: 'service_location', reason: 'names no service location: an admin adds it first' });
      run.valid -= 1;
      run.reject({ line: row.line, account_number: row.account_number, problems });
    }
    if (rows.length < REJECTS_PER_FETCH) break;
  }
  await trx.raw('CLOSE unmatched_accounts');
}

const fieldsRow = (table: string) => `(${ACCOUNT_FIELDS.map((field) => `${table}.${field}`).join(', ')})`;

/**
 * Resolves each staged row (its location's id, its patients' ids) beside the stored account of
 * its number, and marks it new, changed or the same; answers how many are new and changed. When
 * the import will write, the stored accounts are locked first, in id order, so the comparison
 * holds until the merge.
 */
async function stageChanges(trx: Knex.Transaction, forWrite: boolean): Promise<ChangeCounts> {
  if (forWrite) {
    // FOR NO KEY UPDATE, not FOR UPDATE: the import never changes an account's id or number, and
    // this lock still keeps other imports out while letting the foreign-key check of a portal
    // message naming one of these accounts (FOR KEY SHARE) through instead of waiting for the
    // whole import. (No test: the lock's strength is PostgreSQL's to prove, not ours.)
    await trx.raw(`
      SELECT stored.id FROM guarantor_account_import staged
        JOIN guarantor_accounts stored ON stored.account_number = staged.account_number
       ORDER BY stored.id
         FOR NO KEY UPDATE OF stored`);
  }
  await trx.raw(`
    CREATE TEMP TABLE guarantor_account_changes ON COMMIT DROP AS
    SELECT staged.*,
           location.id AS service_location_id,
           listed.patient_ids,
           stored.id AS stored_id, stored.version AS stored_version,
           linked.patient_ids AS old_patient_ids,
           stored.id IS NULL AS is_new,
           stored.id IS NOT NULL
             AND (${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}
                  OR stored.service_location_id <> location.id
                  OR (stored.closed_at IS NOT NULL) <> staged.closed
                  OR linked.patient_ids IS DISTINCT FROM listed.patient_ids) AS is_changed
      FROM guarantor_account_import staged
      JOIN service_locations location
        ON service_location_name_key(location.name) = service_location_name_key(staged.service_location)
      LEFT JOIN guarantor_accounts stored ON stored.account_number = staged.account_number
      CROSS JOIN LATERAL (
             SELECT array_agg(DISTINCT patient.id ORDER BY patient.id) AS patient_ids
               FROM unnest(string_to_array(staged.patient_mrns, ';')) AS mrns(mrn)
               JOIN patients patient ON patient.mrn = mrns.mrn) listed
      CROSS JOIN LATERAL (
             SELECT array_agg(link.patient_id ORDER BY link.patient_id) AS patient_ids
               FROM guarantor_account_patients link WHERE link.guarantor_account_id = stored.id) linked`);
  const { rows } = await trx.raw<{ rows: { inserted: string; updated: string }[] }>(`
    SELECT count(*) FILTER (WHERE is_new) AS inserted, count(*) FILTER (WHERE is_changed) AS updated FROM guarantor_account_changes`);
  return { inserted: Number(rows[0].inserted), updated: Number(rows[0].updated) };
}

/**
 * Writes what was counted: changed accounts updated (version stepped, closed when the file says
 * so, keeping the first closing time), new ones inserted, each one's patients made the file's,
 * and an audit row for each patient concerned. Should another import have written one of these
 * account numbers meanwhile, the counts would no longer be true, so the import is refused instead.
 */
async function mergeAccounts(trx: Knex.Transaction, expected: ChangeCounts, options: GuarantorAccountImportOptions, now: Date): Promise<void> {
  const who = auditSelectParts(options.actor, now);
  const staffId = options.actor.staffUserId;
  try {
    const updated = expected.updated
      ? await trx.raw<{ rowCount: number }>(
          `UPDATE guarantor_accounts account
              SET ${ACCOUNT_FIELDS.map((field) => `${field} = changed.${field}`).join(', ')},
                  service_location_id = changed.service_location_id,
                  closed_at = CASE WHEN changed.closed THEN coalesce(account.closed_at, ?::timestamptz) END,
                  imported_at = ?, imported_by = ?, version = account.version + 1
             FROM guarantor_account_changes changed
            WHERE account.id = changed.stored_id AND changed.is_changed AND account.version = changed.stored_version`,
          [now, now, staffId],
        )
      : { rowCount: 0 };
    // Sorted by account number, the unique index is filled in order instead of at random.
    const inserted = expected.inserted
      ? await trx.raw<{ rowCount: number }>(
          `INSERT INTO guarantor_accounts (account_number, ${ACCOUNT_FIELDS.join(', ')}, service_location_id, closed_at, imported_at, imported_by)
           SELECT account_number, ${ACCOUNT_FIELDS.join(', ')}, service_location_id, CASE WHEN closed THEN ?::timestamptz END, ?, ?
             FROM guarantor_account_changes WHERE is_new
            ORDER BY account_number`,
          [now, now, staffId],
        )
      : { rowCount: 0 };
    if (updated.rowCount === expected.updated && inserted.rowCount === expected.inserted) {
      if (expected.inserted) {
        await trx.raw(`
          UPDATE guarantor_account_changes changed SET stored_id = account.id
            FROM guarantor_accounts account
           WHERE changed.is_new AND account.account_number = changed.account_number`);
      }
      await replacePatients(trx);
      await auditPatients(trx, who, options.fileName);
      return;
    }
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
  }
  throw conflict('Some of these accounts changed while the file was being imported. Nothing was written; run the import again.', 'import_conflict');
}

/** Each new or changed account's patients become those the file lists. */
async function replacePatients(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`
    DELETE FROM guarantor_account_patients link
     USING guarantor_account_changes changed
     WHERE changed.is_changed AND link.guarantor_account_id = changed.stored_id
       AND NOT (link.patient_id = ANY (changed.patient_ids))`);
  await trx.raw(`
    INSERT INTO guarantor_account_patients (guarantor_account_id, patient_id)
    SELECT changed.stored_id, listed.patient_id
      FROM guarantor_account_changes changed, unnest(changed.patient_ids) AS listed(patient_id)
     WHERE changed.is_new OR changed.is_changed
    ON CONFLICT DO NOTHING`);
}

/**
 * One audit row per patient: on new accounts ('create'), and on changed accounts, before or
 * after the change ('edit'), with how many accounts, never which values changed.
 */
async function auditPatients(trx: Knex.Transaction, who: ReturnType<typeof auditSelectParts>, fileName: string): Promise<void> {
  await trx.raw(
    `INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
     SELECT ${who.placeholders}, 'create', 'guarantor-accounts', NULL, listed.patient_id, 'success',
            jsonb_build_object('source', 'import', 'fileName', ?::text, 'accounts', count(DISTINCT changed.stored_id))
       FROM guarantor_account_changes changed, unnest(changed.patient_ids) AS listed(patient_id)
      WHERE changed.is_new
      GROUP BY listed.patient_id`,
    [...who.bindings, fileName],
  );
  await trx.raw(
    `INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
     SELECT ${who.placeholders}, 'edit', 'guarantor-accounts', NULL, listed.patient_id, 'success',
            jsonb_build_object('source', 'import', 'fileName', ?::text, 'accounts', count(DISTINCT changed.stored_id))
       FROM guarantor_account_changes changed,
            unnest(changed.patient_ids || coalesce(changed.old_patient_ids, '{}')) AS listed(patient_id)
      WHERE changed.is_changed
      GROUP BY listed.patient_id`,
    [...who.bindings, fileName],
  );
}
