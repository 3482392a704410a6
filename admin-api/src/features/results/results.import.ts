import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Knex } from '@portaldesk/db';
import { auditSelectParts, recordAudit, type Actor } from '../../lib/audit.ts';
import {
  LineCounter,
  checkHeader,
  csvRecordParser,
  emptyCsv,
  malformedCsv,
  normalizeCell,
  problemsOf,
  type CsvRecord,
  type RowProblem,
} from '../../lib/csv-import.ts';
import { AppError, conflict } from '../../lib/errors.ts';
import { REQUIRED_RESULT_COLUMNS, RESULT_COLUMNS, resultCopyLine, resultRowSchema, safeAccession, type ResultColumn } from './results.import-row.ts';
import type { ResultImportReport } from './results.schema.ts';

const PROGRESS_EVERY_ROWS = 50_000;
/**
 * Valid rows go to the database in chunks of this many: while PostgreSQL merges one chunk, the
 * next is parsed and checked, so both cores work. Small enough that the last chunk's merge, which
 * nothing overlaps, is short; large enough that a statement's fixed cost does not count.
 */
const CHUNK_ROWS = 20_000;
const REJECTS_KEPT = 1_000;
const REJECTS_PER_FETCH = 5_000;
const UNIQUE_VIOLATION = '23505';

export interface ResultImportOptions {
  /** Who runs the import; the audit rows name them, and their clock dates what is stored. */
  actor: Actor;
  fileName: string;
  dryRun?: boolean;
  onProgress?: (progress: { phase: 'reading' | 'checking' | 'saving'; rowsRead: number; rejected: number; seconds: number }) => void;
  onReject?: (reject: ResultRowReject) => void;
  signal?: AbortSignal;
  /** Valid rows per chunk (see CHUNK_ROWS); tests make it small to cross chunk boundaries. */
  chunkRows?: number;
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
 * number. Rows stream through validation in chunks; each chunk is merged while the next is being
 * parsed (see StagedChunks): a new accession number is inserted and released at once, unless its
 * category carries a state-law rule, which holds it (with the rule's citation, for as long as the
 * rule says); a known one whose result differs is a correction, kept in `result_corrections` with
 * the old and new values of the changed fields; an identical one is left alone. Every row is also
 * kept in a staging table, and once the file is read the whole of it is checked against what is
 * stored: each row must name a known patient and category, and an accession number must not
 * appear twice nor belong to another patient. A single rejected row rolls everything back (a
 * chunk merged before it was found included); so does a dry run, which merges nothing. Each
 * patient whose results the import adds or corrects gets an audit row, so it shows in their
 * access ledger.
 *
 * Unlike the patient import, the report may say that an MRN is unknown: a result cannot wait for
 * a patient the hospital does not have, and the lab must be told which rows to send again.
 */
export async function importResults(knex: Knex, source: Readable, options: ResultImportOptions): Promise<ResultImportReport> {
  const run = new ResultImportRun(options);
  const now = options.actor.clock();
  const trx = await knex.transaction();
  try {
    const stagedColumns = `${RESULT_COLUMNS.map((column) => `${column} ${column.endsWith('_at') ? 'timestamptz' : 'text'}`).join(', ')},
        value_numeric numeric, reference_low numeric, reference_high numeric`;
    // For this transaction only: a chunk's sort and lookups fit in memory instead of spilling to
    // disk, and its merge is not compiled (JIT costs more than it saves on 20,000 rows).
    await trx.raw("SET LOCAL work_mem = '64MB'");
    await trx.raw('SET LOCAL jit = off');
    await trx.raw(`CREATE TEMP TABLE result_import (line integer NOT NULL, ${stagedColumns}) ON COMMIT DROP`);
    await trx.raw(`CREATE TEMP TABLE result_chunk (line integer NOT NULL, ${stagedColumns}) ON COMMIT DROP`);
    await trx.raw('CREATE TEMP TABLE result_import_patients (patient_id bigint NOT NULL, action text NOT NULL, results integer NOT NULL) ON COMMIT DROP');
    const chunks = new StagedChunks(
      trx,
      options.dryRun ? undefined : () => (run.rejected === 0 && !run.unmatched ? mergeChunk(trx, run, options, now) : undefined),
    );
    await stageValidRows(source, run, chunks, options.chunkRows ?? CHUNK_ROWS, options.signal);
    run.reportProgress(options.dryRun ? 'checking' : 'saving');
    // When every chunk merged whole, only an accession number repeated across chunks is left to
    // find; otherwise (and in a dry run, which merged nothing) the whole file is checked.
    if (options.dryRun || run.rejected > 0 || run.unmatched || (await hasRepeatedAccession(trx))) {
      await trx.raw('ANALYZE result_import');
      await rejectUnmatchedRows(trx, run);
    }
    if (run.rejected === 0 && options.dryRun) run.counts = await countChanges(trx);
    const report = run.report(!options.dryRun && run.rejected === 0);
    options.signal?.throwIfAborted();
    if (report.committed) {
      await auditChangedPatients(trx, options, now);
      await recordAudit(trx, options.actor, auditEntry(report));
      await trx.commit();
    } else {
      await trx.rollback();
      await recordAudit(knex, options.actor, auditEntry(report));
    }
    return report;
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback();
    await recordAudit(knex, options.actor, {
      action: 'import',
      resource: 'results',
      outcome: 'failed',
      details: { fileName: options.fileName, dryRun: Boolean(options.dryRun), error: error instanceof AppError ? error.code : 'error' },
    }).catch(() => undefined);
    throw error;
  }
}

interface ChangeCounts {
  inserted: number;
  corrected: number;
  held: number;
}

class ResultImportRun {
  private readonly startedAt = performance.now();
  rowsRead = 0;
  valid = 0;
  rejected = 0;
  counts: ChangeCounts = { inserted: 0, corrected: 0, held: 0 };
  /** A chunk held rows it could not merge (unknown patient or category, another patient's accession number, one twice): the final check names them. */
  unmatched = false;
  private readonly rejects: ResultRowReject[] = [];

  constructor(private readonly options: ResultImportOptions) {}

  reject(reject: ResultRowReject): void {
    this.rejected += 1;
    if (this.rejects.length < REJECTS_KEPT) this.rejects.push(reject);
    this.options.onReject?.(reject);
  }

  reportProgress(phase: 'reading' | 'checking' | 'saving'): void {
    this.options.onProgress?.({ phase, rowsRead: this.rowsRead, rejected: this.rejected, seconds: this.seconds() });
  }

  report(committed: boolean): ResultImportReport {
    const counted = this.rejected === 0;
    return {
      fileName: this.options.fileName,
      dryRun: Boolean(this.options.dryRun),
      committed,
      rowsRead: this.rowsRead,
      valid: this.valid,
      rejected: this.rejected,
      inserted: counted ? this.counts.inserted : 0,
      corrected: counted ? this.counts.corrected : 0,
      unchanged: counted ? this.valid - this.counts.inserted - this.counts.corrected : 0,
      held: counted ? this.counts.held : 0,
      seconds: this.seconds(),
      rejects: this.rejects,
    };
  }

  private seconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
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
 * Loads chunks of valid rows into the staging table, each through COPY on the transaction's own
 * connection. With a merge, a chunk goes to `result_chunk` and its merge starts without being
 * awaited: the caller parses the next chunk meanwhile, and only waits for the merge when that
 * chunk is ready to load (one connection runs one statement at a time).
 */
class StagedChunks {
  private merging: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly merge: (() => Promise<void> | undefined) | undefined,
  ) {}

  async load(copyText: string): Promise<void> {
    await this.settled();
    if (!this.merge) return this.copy('result_import', copyText);
    await this.trx.raw('TRUNCATE result_chunk');
    await this.copy('result_chunk', copyText);
    this.merging = (async () => {
      await this.trx.raw('INSERT INTO result_import SELECT * FROM result_chunk');
      await this.merge!();
    })().catch((error: unknown) => {
      this.failure = { error };
    });
  }

  /** Waits for the merge in flight; throws what it failed with. */
  async settled(): Promise<void> {
    await this.merging;
    if (this.failure) throw this.failure.error;
  }

  private async copy(table: string, copyText: string): Promise<void> {
    // COPY needs the transaction's own connection; knex hands it back for its transaction client.
    const connection = (await this.trx.client.acquireConnection()) as pg.Client;
    const columns = `line, ${RESULT_COLUMNS.join(', ')}, value_numeric, reference_low, reference_high`;
    await pipeline(Readable.from([copyText]), connection.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN`)));
  }
}

/** Streams the file through the parser and the row check, loading valid rows a chunk at a time. */
async function stageValidRows(source: Readable, run: ResultImportRun, chunks: StagedChunks, chunkRows: number, signal: AbortSignal | undefined): Promise<void> {
  const lines = new LineCounter();
  let columns: ResultColumn[] | null = null;
  async function loadChunks(records: AsyncIterable<CsvRecord>): Promise<void> {
    let chunk = '';
    let rowsInChunk = 0;
    for await (const { line, cells } of records) {
      if (!columns) {
        columns = checkHeader(cells, RESULT_COLUMNS, REQUIRED_RESULT_COLUMNS);
        continue;
      }
      run.rowsRead += 1;
      const copyLine = validate(columns, line, cells);
      if (copyLine) {
        chunk += copyLine;
        rowsInChunk += 1;
      }
      if (rowsInChunk === chunkRows) {
        await chunks.load(chunk);
        chunk = '';
        rowsInChunk = 0;
      }
      if (run.rowsRead % PROGRESS_EVERY_ROWS === 0) run.reportProgress('reading');
    }
    if (chunk) await chunks.load(chunk);
    await chunks.settled();
  }
  function validate(header: ResultColumn[], line: number, cells: string[]): string {
    const accessionCell = cells[header.indexOf('accession_number')];
    if (cells.length !== header.length) {
      run.reject({
        line,
        accession_number: safeAccession(normalizeCell(accessionCell ?? '')),
        problems: [{ field: 'row', reason: `has ${cells.length} cells; the header has ${header.length}` }],
      });
      return '';
    }
    const input: Partial<Record<ResultColumn, string>> = {};
    for (let i = 0; i < header.length; i += 1) input[header[i]] = normalizeCell(cells[i]);
    const result = resultRowSchema.safeParse(input);
    if (!result.success) {
      run.reject({ line, accession_number: safeAccession(input.accession_number), problems: problemsOf(result.error) });
      return '';
    }
    run.valid += 1;
    return resultCopyLine(line, result.data);
  }
  try {
    await pipeline(source, csvRecordParser(lines), loadChunks, { signal });
  } catch (error) {
    // A merge may still be running on the connection; the rollback must come after it.
    await chunks.settled().catch(() => undefined);
    throw malformedCsv(error, lines.current);
  }
  if (!columns) throw emptyCsv('a results file');
}

async function hasRepeatedAccession(trx: Knex.Transaction): Promise<boolean> {
  const { rows } = await trx.raw('SELECT 1 FROM result_import GROUP BY accession_number HAVING count(*) > 1 LIMIT 1');
  return rows.length > 0;
}

/**
 * Rows the file alone cannot judge: an accession number twice in the file, an MRN with no
 * patient, a category nobody configured, an accession number already filed for another patient.
 * Read through a cursor, so a hostile file cannot fill memory.
 */
async function rejectUnmatchedRows(trx: Knex.Transaction, run: ResultImportRun): Promise<void> {
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

/** How many rows are new, how many correct a stored result, and how many a rule holds (a dry run's counts). */
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
 * Writes one chunk in one statement, looking each accession number up once: corrections (each
 * with its history row) and new results, released or held by their category's rule; notes each
 * patient touched for the audit rows, and adds what was written to the counts. Rows the final
 * check will reject are left alone (unknown patient or category, another patient's accession
 * number; one twice in the chunk is inserted once) and flag the run, so no later chunk is merged
 * and the whole import is rolled back. Should another import write one of these accession
 * numbers meanwhile, this import is refused.
 */
async function mergeChunk(trx: Knex.Transaction, run: ResultImportRun, options: ResultImportOptions, now: Date): Promise<void> {
  const changedOnly = (from: string, to: string) =>
    `(SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(${from}) WHERE ${from} -> key IS DISTINCT FROM ${to} -> key)`;
  const jsonOf = (table: string) => `jsonb_build_object(${RESULT_FIELDS.map((field) => `'${field}', ${table}.${field}`).join(', ')})`;
  const insertedFields = RESULT_FIELDS.filter((field) => field !== 'category');
  try {
    const { rows } = await trx.raw<{ rows: { inserted: string; corrected: string; held: string; unmatched: string }[] }>(
      `WITH looked_up AS MATERIALIZED (
         SELECT staged.*, patient.id AS patient_id, category.code IS NOT NULL AS known_category, category.hold_days,
                stored.id AS stored_id, stored.patient_id AS stored_patient_id,
                ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')} AS differs
           FROM result_chunk staged
           -- Each row looked up by its unique key: as joins, PostgreSQL would hash the whole of
           -- patients and of results for every chunk, a cost that grows with the table.
           LEFT JOIN LATERAL (SELECT id FROM patients WHERE patients.mrn = staged.mrn LIMIT 1) patient ON true
           LEFT JOIN result_categories category ON category.code = staged.category
           LEFT JOIN LATERAL (SELECT * FROM results WHERE results.accession_number = staged.accession_number LIMIT 1) stored ON true),
       staged AS (
         SELECT * FROM looked_up
          WHERE patient_id IS NOT NULL AND known_category AND (stored_id IS NULL OR (stored_patient_id = patient_id AND differs))),
       changed AS (
         SELECT stored.id AS result_id, stored.first_released_at IS NOT NULL AS was_released,
                ${jsonOf('stored')} AS old_values, ${jsonOf('staged')} AS new_values,
                ${movedUnderRule('staged', 'stored')} AS rule_holds, staged.*
           FROM staged JOIN results stored ON stored.id = staged.stored_id
          WHERE ${fieldsRow('stored')} IS DISTINCT FROM ${fieldsRow('staged')}
          FOR UPDATE OF stored),
       history AS (
         INSERT INTO result_corrections (result_id, corrected_at, imported_by, file_name, old_values, new_values, was_released)
         SELECT result_id, :now, :staffId, :fileName, ${changedOnly('old_values', 'new_values')}, ${changedOnly('new_values', 'old_values')}, was_released
           FROM changed),
       corrected AS (
         UPDATE results SET ${RESULT_FIELDS.map((field) => `${field} = changed.${field}`).join(', ')},
                value_numeric = changed.value_numeric, reference_low = changed.reference_low, reference_high = changed.reference_high,
                released_at = CASE WHEN changed.rule_holds THEN NULL ELSE results.released_at END,
                corrected_at = :now, corrections = results.corrections + 1, version = results.version + 1
           FROM changed WHERE results.id = changed.result_id
         RETURNING results.id, results.patient_id, results.category, changed.rule_holds),
       -- Sorted by accession number, the unique index is filled in order instead of at random.
       inserted AS (
         INSERT INTO results (accession_number, patient_id, ${insertedFields.join(', ')}, category,
                              value_numeric, reference_low, reference_high, received_at, released_at, first_released_at)
         SELECT DISTINCT ON (accession_number) accession_number, patient_id, ${insertedFields.join(', ')}, category,
                value_numeric, reference_low, reference_high, :now,
                CASE WHEN hold_days IS NULL THEN :now::timestamptz END, CASE WHEN hold_days IS NULL THEN :now::timestamptz END
           FROM staged WHERE stored_id IS NULL
          ORDER BY accession_number, line
         RETURNING id, patient_id, category, released_at),
       -- New results the category's rule holds, and corrected ones the correction moved under a rule.
       held AS (
         SELECT id, patient_id, category FROM inserted WHERE released_at IS NULL
          UNION ALL
         SELECT id, patient_id, category FROM corrected WHERE rule_holds),
       holds AS (
         INSERT INTO result_holds (result_id, patient_id, basis, reason, placed_at, placed_by, decided_by_name, ends_at, citation, category)
         SELECT held.id, held.patient_id, 'state_law', 'Standing rule for ' || category.name || ' results', :now, :staffId,
                'Standing rule: ' || category.name, :now::timestamptz + make_interval(days => category.hold_days), category.hold_citation, category.code
           FROM held JOIN result_categories category ON category.code = held.category
         RETURNING id),
       touched AS (
         INSERT INTO result_import_patients (patient_id, action, results)
         SELECT patient_id, 'correct', count(*) FROM corrected GROUP BY patient_id
          UNION ALL
         SELECT patient_id, 'create', count(*) FROM inserted GROUP BY patient_id)
       SELECT (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM corrected) AS corrected, (SELECT count(*) FROM holds) AS held,
              (SELECT count(*) FILTER (WHERE patient_id IS NULL OR NOT known_category OR stored_patient_id <> patient_id)
                      + count(*) - count(DISTINCT accession_number) FROM looked_up) AS unmatched`,
      { now, staffId: options.actor.staffUserId, fileName: options.fileName },
    );
    run.counts.inserted += Number(rows[0].inserted);
    run.counts.corrected += Number(rows[0].corrected);
    run.counts.held += Number(rows[0].held);
    if (Number(rows[0].unmatched) > 0) run.unmatched = true;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    throw conflict('Some of these results changed while the file was being imported. Nothing was written; run the import again.', 'import_conflict');
  }
}

/** One audit row per patient and kind of change (added, corrected), in the patient's access ledger. */
async function auditChangedPatients(trx: Knex.Transaction, options: ResultImportOptions, now: Date): Promise<void> {
  const who = auditSelectParts(options.actor, now);
  const details = `jsonb_build_object('source', 'import', 'fileName', ?::text, 'results', sum(results))`;
  const bindings = [...who.bindings, options.fileName];
  // One statement per action: each names its pair as literals, as the audit label check reads them.
  await trx.raw(
    `INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
     SELECT ${who.placeholders}, 'correct', 'results', NULL, patient_id, 'success', ${details}
       FROM result_import_patients WHERE action = 'correct' GROUP BY patient_id ORDER BY patient_id`,
    bindings,
  );
  await trx.raw(
    `INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
     SELECT ${who.placeholders}, 'create', 'results', NULL, patient_id, 'success', ${details}
       FROM result_import_patients WHERE action = 'create' GROUP BY patient_id ORDER BY patient_id`,
    bindings,
  );
}
