import type { Readable } from 'node:stream';
import type { Knex } from '@portaldesk/db';
import { auditSelectParts, type Actor } from '../../lib/audit.ts';
import { ImportRun, inImportTransaction, stageCsvIntoCopy, type ImportProgress, type RowProblem } from '../../lib/csv-import.ts';
import { conflict } from '../../lib/errors.ts';
import { REQUIRED_RESULT_COLUMNS, RESULT_COLUMNS, resultCopyLine, resultRowSchema, safeAccession } from './results.import-row.ts';
import type { ResultImportReport } from './results.schema.ts';

const PROGRESS_EVERY_ROWS = 50_000;
const REJECTS_PER_FETCH = 5_000;
const UNIQUE_VIOLATION = '23505';

export interface ResultImportOptions {
  /** Who runs the import; the audit rows name them, and their clock dates what is stored. */
  actor: Actor;
  fileName: string;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  onReject?: (reject: ResultRowReject) => void;
  signal?: AbortSignal;
}

export interface ResultRowReject {
  line: number;
  accession_number: string | null;
  problems: RowProblem[];
}

/** The fields a correction compares and records. */
const RESULT_FIELDS = ['loinc_code', 'test_name', 'value', 'unit', 'reference_range', 'abnormal_flag', 'category', 'performed_at', 'resulted_at'] as const;

/**
 * Imports a lab results file from the EHR feed, all or nothing, idempotent on the accession
 * number. Rows stream through validation into COPY (constant memory), then the staged rows are
 * checked against what is stored: each row must name a known patient and category, and an
 * accession number must not appear twice nor belong to another patient. Only when no row was
 * rejected, and not in a dry run, are they merged: a new accession number is inserted and
 * released at once, unless its category carries a state-law rule, which holds it (with the
 * rule's citation, for as long as the rule says); a known one whose result differs is a
 * correction, kept in `result_corrections` with the old and new values of the changed fields; an
 * identical one is left alone. Each patient whose results the import adds or corrects gets an
 * audit row, so it shows in their access ledger.
 *
 * Unlike the patient import, the report may say that an MRN is unknown: a result cannot wait for
 * a patient the hospital does not have, and the lab must be told which rows to send again.
 */
export async function importResults(knex: Knex, source: Readable, options: ResultImportOptions): Promise<ResultImportReport> {
  const run = new ImportRun<ResultRowReject>(options);
  const now = options.actor.clock();
  return inImportTransaction(
    knex,
    'results',
    options,
    async (trx) => {
      await trx.raw(`
        CREATE TEMP TABLE result_import (
          line integer NOT NULL,
          ${RESULT_COLUMNS.map((column) => `${column} ${column.endsWith('_at') ? 'timestamptz' : 'text'}`).join(',\n          ')},
          value_numeric numeric,
          reference_low numeric,
          reference_high numeric
        ) ON COMMIT DROP`);
      await stageCsvIntoCopy({
        trx,
        source,
        table: 'result_import',
        copyColumns: ['line', ...RESULT_COLUMNS, 'value_numeric', 'reference_low', 'reference_high'],
        columns: RESULT_COLUMNS,
        requiredColumns: REQUIRED_RESULT_COLUMNS,
        keyColumn: 'accession_number',
        keyOf: safeAccession,
        rowSchema: resultRowSchema,
        copyLine: resultCopyLine,
        run,
        progressEvery: PROGRESS_EVERY_ROWS,
        signal: options.signal,
        what: 'a results file',
      });
      run.reportProgress(options.dryRun ? 'checking' : 'saving');
      await rejectUnmatchedRows(trx, run);
      let counts: ChangeCounts = { inserted: 0, corrected: 0, held: 0 };
      if (run.rejected === 0) counts = await countChanges(trx);
      if (run.rejected === 0 && !options.dryRun) await mergeResults(trx, counts, options, now);
      const { inserted, corrected, held } = counts;
      return run.report(!options.dryRun && run.rejected === 0, { inserted, corrected, unchanged: run.valid - inserted - corrected, held });
    },
    auditEntry,
  );
}

interface ChangeCounts {
  inserted: number;
  corrected: number;
  held: number;
}

function auditEntry(report: ResultImportReport) {
  const { fileName, dryRun, rowsRead, valid, rejected, inserted, corrected, held } = report;
  return {
    action: 'import',
    resource: 'results',
    outcome: rejected ? ('failed' as const) : ('success' as const),
    details: { fileName, dryRun, rowsRead, valid, rejected, inserted, corrected, held },
  };
}

/**
 * Rows the file alone cannot judge: an accession number twice in the file, an MRN with no
 * patient, a category nobody configured, an accession number already filed for another patient.
 * Read through a cursor, so a hostile file cannot fill memory.
 */
async function rejectUnmatchedRows(trx: Knex.Transaction, run: ImportRun<ResultRowReject>): Promise<void> {
  await trx.raw(`
    DECLARE unmatched_results NO SCROLL CURSOR FOR
      SELECT staged.line, staged.accession_number,
             repeated.times AS repeated_times, repeated.first_lines,
             patient.id IS NULL AS unknown_patient,
             category.code IS NULL AS unknown_category,
             stored.patient_id IS NOT NULL AND stored.patient_id IS DISTINCT FROM patient.id AS other_patient
        FROM result_import staged
        LEFT JOIN patients patient ON patient.mrn = staged.mrn
        LEFT JOIN result_categories category ON category.code = staged.category
        LEFT JOIN results stored ON stored.accession_number = staged.accession_number
        LEFT JOIN (SELECT accession_number, count(*) AS times, (array_agg(line ORDER BY line))[1:5] AS first_lines
                     FROM result_import GROUP BY accession_number HAVING count(*) > 1) repeated
               ON repeated.accession_number = staged.accession_number
       WHERE repeated.times IS NOT NULL OR patient.id IS NULL OR category.code IS NULL
          OR (stored.patient_id IS NOT NULL AND stored.patient_id IS DISTINCT FROM patient.id)
       ORDER BY staged.line`);
  type Unmatched = {
    line: number;
    accession_number: string;
    repeated_times: string | null;
    first_lines: number[] | null;
    unknown_patient: boolean;
    unknown_category: boolean;
    other_patient: boolean;
  };
  for (;;) {
    const { rows } = await trx.raw<{ rows: Unmatched[] }>(`FETCH ${REJECTS_PER_FETCH} FROM unmatched_results`);
    for (const row of rows) {
      const problems: RowProblem[] = [];
      if (row.repeated_times !== null) {
        const times = Number(row.repeated_times);
        const lines = row.first_lines!;
        problems.push({ field: 'accession_number', reason: `appears on ${times} lines of the file: ${lines.join(', ')}${times > lines.length ? ', …' : ''}` });
      } else if (row.other_patient) {
        problems.push({ field: 'accession_number', reason: 'is already filed for another patient' });
      }
      if (row.unknown_patient) problems.push({ field: 'mrn', reason: 'names no patient of this hospital: import the patient first' });
      if (row.unknown_category) problems.push({ field: 'category', reason: 'is not a configured result category' });
      run.valid -= 1;
      run.reject({ line: row.line, accession_number: row.accession_number, problems });
    }
    if (rows.length < REJECTS_PER_FETCH) break;
  }
  await trx.raw('CLOSE unmatched_results');
}

/** The stored result's fields as one row, to compare with the staged one. */
const fieldsRow = (table: string) => `(${RESULT_FIELDS.map((field) => `${table}.${field}`).join(', ')})`;

/**
 * Whether a correction moves a result into a category with a state-law rule: held then under the
 * rule from the correction on, as a new result would be, unless a hold is already open (it decides).
 * `staged` carries the new category's `hold_days`.
 */
const movedUnderRule = (staged: string, stored: string) =>
  `(${staged}.hold_days IS NOT NULL AND ${staged}.category <> ${stored}.category
    AND NOT EXISTS (SELECT FROM result_holds open_hold WHERE open_hold.result_id = ${stored}.id AND open_hold.ended_at IS NULL))`;

/** How many rows are new, how many correct a stored result, and how many a rule holds. */
async function countChanges(trx: Knex.Transaction): Promise<ChangeCounts> {
  const { rows } = await trx.raw<{ rows: { inserted: string; corrected: string; held: string }[] }>(`
    SELECT count(*) FILTER (WHERE stored.id IS NULL) AS inserted,
           count(*) FILTER (WHERE stored.id IS NOT NULL AND ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}) AS corrected,
           count(*) FILTER (WHERE stored.id IS NULL AND staged.hold_days IS NOT NULL
                               OR stored.id IS NOT NULL AND ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}
                                  AND ${movedUnderRule('staged', 'stored')}) AS held
      FROM (SELECT result_import.*, category.hold_days
              FROM result_import JOIN result_categories category ON category.code = result_import.category) staged
      LEFT JOIN results stored ON stored.accession_number = staged.accession_number`);
  return { inserted: Number(rows[0].inserted), corrected: Number(rows[0].corrected), held: Number(rows[0].held) };
}

/**
 * Writes what was counted: corrections first (each with its history row and the patient's audit
 * row; one that moves a result under a state-law rule holds it), then the new results, released
 * or held by their category's rule. The results to correct are locked first, in id order as
 * clinicians' holds and releases lock them, so the statements that follow see every hold
 * committed before and none can start or end under them. Should another import write one of
 * these accession numbers meanwhile, the counts would no longer be true, so the import is refused
 * instead. Updates `counts.held` to what the rules held as written.
 */
async function mergeResults(trx: Knex.Transaction, expected: ChangeCounts, options: ResultImportOptions, now: Date): Promise<void> {
  const who = auditSelectParts(options.actor, now);
  const staffId = options.actor.staffUserId;
  const changedOnly = (from: string, to: string) =>
    `(SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(${from}) WHERE ${from} -> key IS DISTINCT FROM ${to} -> key)`;
  const jsonOf = (table: string) => `jsonb_build_object(${RESULT_FIELDS.map((field) => `'${field}', ${table}.${field}`).join(', ')})`;
  try {
    if (expected.corrected) {
      await trx.raw(`
        SELECT stored.id FROM result_import staged
          JOIN results stored ON stored.accession_number = staged.accession_number
         WHERE ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}
         ORDER BY stored.id
           FOR UPDATE OF stored`);
    }
    // A state-law hold follows its result's category: a correction that moves the result out of
    // it ends the hold (the correction below places the new category's rule, if it has one).
    if (expected.corrected) {
      await trx.raw(
        `UPDATE result_holds hold
            SET ended_at = ?, ended_how = 'recategorized', ended_by = ?, version = hold.version + 1,
                end_reason = 'A lab correction moved the result from ' || hold.category || ' to ' || staged.category
           FROM result_import staged
           JOIN results stored ON stored.accession_number = staged.accession_number
          WHERE hold.result_id = stored.id AND hold.ended_at IS NULL AND hold.basis = 'state_law' AND hold.category <> staged.category
            AND ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}`,
        [now, staffId],
      );
    }
    const corrected = expected.corrected
      ? await trx.raw<{ rows: { count: string; held: string }[] }>(
          `WITH changed AS (
             SELECT stored.id, stored.patient_id, stored.version, stored.first_released_at IS NOT NULL AS was_released,
                    ${jsonOf('stored')} AS old_values, ${jsonOf('staged')} AS new_values,
                    ${movedUnderRule('staged', 'stored')} AS rule_holds,
                    stored.released_at IS NULL AND staged.hold_days IS NULL
                      AND NOT EXISTS (SELECT FROM result_holds open_hold WHERE open_hold.result_id = stored.id AND open_hold.ended_at IS NULL) AS unheld,
                    staged.*
               FROM (SELECT result_import.*, category.hold_days
                       FROM result_import JOIN result_categories category ON category.code = result_import.category) staged
               JOIN results stored ON stored.accession_number = staged.accession_number
              WHERE ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}),
           history AS (
             INSERT INTO result_corrections (result_id, corrected_at, imported_by, file_name, old_values, new_values, was_released)
             SELECT id, ?, ?, ?, ${changedOnly('old_values', 'new_values')}, ${changedOnly('new_values', 'old_values')}, was_released FROM changed),
           updated AS (
             UPDATE results SET ${RESULT_FIELDS.map((field) => `${field} = changed.${field}`).join(', ')},
                    value_numeric = changed.value_numeric, reference_low = changed.reference_low, reference_high = changed.reference_high,
                    -- Held by the new category's rule; or released when nothing holds it any more.
                    released_at = CASE WHEN changed.rule_holds THEN NULL WHEN changed.unheld THEN ?::timestamptz ELSE results.released_at END,
                    first_released_at = CASE WHEN changed.unheld THEN coalesce(results.first_released_at, ?) ELSE results.first_released_at END,
                    corrected_at = ?, corrections = results.corrections + 1, version = results.version + 1
               FROM changed WHERE results.id = changed.id AND results.version = changed.version
             RETURNING results.id, results.patient_id, results.category, changed.rule_holds, changed.unheld),
           rule_holds AS (
             INSERT INTO result_holds (result_id, patient_id, basis, reason, placed_at, placed_by, decided_by_name, ends_at, citation, category)
             SELECT updated.id, updated.patient_id, 'state_law', 'Standing rule for ' || category.name || ' results', ?, ?,
                    'Standing rule: ' || category.name, ?::timestamptz + make_interval(days => category.hold_days), category.hold_citation, category.code
               FROM updated JOIN result_categories category ON category.code = updated.category
              WHERE updated.rule_holds
             RETURNING id),
           audited AS (
             INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
             SELECT ${who.placeholders}, 'correct', 'results', NULL, patient_id, 'success',
                    jsonb_build_object('source', 'import', 'fileName', ?::text, 'results', count(*))
               FROM changed GROUP BY patient_id),
           -- A result the correction took off the portal under a rule, or put on it, in the patient's ledger too.
           portal_changes AS (
             INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
             SELECT ${who.placeholders}, CASE WHEN rule_holds THEN 'hold' ELSE 'release' END, 'results', id::text, patient_id, 'success',
                    jsonb_build_object('source', 'import', 'fileName', ?::text,
                                       'why', CASE WHEN rule_holds THEN 'moved into a category with a state-law rule'
                                                   ELSE 'moved out of the category of its state-law hold' END)
               FROM updated WHERE rule_holds OR unheld)
           SELECT (SELECT count(*) FROM updated) AS count, (SELECT count(*) FROM rule_holds) AS held`,
          [now, staffId, options.fileName, now, now, now, now, staffId, now, ...who.bindings, options.fileName, ...who.bindings, options.fileName],
        )
      : { rows: [{ count: '0', held: '0' }] };
    // Sorted by accession number, the unique index is filled in order instead of at random.
    const inserted = expected.inserted
      ? await trx.raw<{ rows: { count: string; held: string }[] }>(
          `WITH inserted AS (
             INSERT INTO results (accession_number, patient_id, ${RESULT_FIELDS.filter((field) => field !== 'category').join(', ')}, category,
                                  value_numeric, reference_low, reference_high, received_at, released_at, first_released_at)
             SELECT staged.accession_number, patient.id, ${RESULT_FIELDS.filter((field) => field !== 'category')
               .map((field) => `staged.${field}`)
               .join(', ')}, staged.category,
                    staged.value_numeric, staged.reference_low, staged.reference_high, ?,
                    CASE WHEN category.hold_days IS NULL THEN ?::timestamptz END, CASE WHEN category.hold_days IS NULL THEN ?::timestamptz END
               FROM result_import staged
               JOIN patients patient ON patient.mrn = staged.mrn
               JOIN result_categories category ON category.code = staged.category
              WHERE NOT EXISTS (SELECT FROM results stored WHERE stored.accession_number = staged.accession_number)
              ORDER BY staged.accession_number
             RETURNING id, patient_id, category, released_at),
           holds AS (
             INSERT INTO result_holds (result_id, patient_id, basis, reason, placed_at, placed_by, decided_by_name, ends_at, citation, category)
             SELECT inserted.id, inserted.patient_id, 'state_law', 'Standing rule for ' || category.name || ' results', ?, ?,
                    'Standing rule: ' || category.name, ?::timestamptz + make_interval(days => category.hold_days), category.hold_citation, category.code
               FROM inserted JOIN result_categories category ON category.code = inserted.category
              WHERE inserted.released_at IS NULL
             RETURNING id),
           audited AS (
             INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
             SELECT ${who.placeholders}, 'create', 'results', NULL, patient_id, 'success',
                    jsonb_build_object('source', 'import', 'fileName', ?::text, 'results', count(*))
               FROM inserted GROUP BY patient_id)
           SELECT (SELECT count(*) FROM inserted) AS count, (SELECT count(*) FROM holds) AS held`,
          [now, now, now, now, staffId, now, ...who.bindings, options.fileName],
        )
      : { rows: [{ count: '0', held: '0' }] };
    if (Number(corrected.rows[0].count) === expected.corrected && Number(inserted.rows[0].count) === expected.inserted) {
      // What the rules held as written: a clinician may have held a result meanwhile (the lock
      // waited for them), and then their hold decides instead of the rule.
      expected.held = Number(inserted.rows[0].held) + Number(corrected.rows[0].held);
      return;
    }
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
  }
  throw conflict('Some of these results changed while the file was being imported. Nothing was written; run the import again.', 'import_conflict');
}
