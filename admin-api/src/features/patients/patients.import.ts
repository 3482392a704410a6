import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Options as CsvOptions } from 'csv-parse';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { auditSelectParts, recordAudit, type Actor } from '../../lib/audit.ts';
import { todayIn } from '../../lib/clock.ts';
import { AppError, badRequest, conflict } from '../../lib/errors.ts';
import { SettingsStore } from '../../lib/settings.ts';
import { PATIENT_COLUMNS, REQUIRED_COLUMNS, copyLine, normalizeCell, patientRowSchema, safeMrn, type PatientColumn } from './patients.import-row.ts';

/** Reading reports progress every this many rows. */
const PROGRESS_EVERY_ROWS = 50_000;
/** Rejects kept in the report; every one also goes to `onReject`, so memory stays flat. */
const REJECTS_KEPT = 1_000;
/** A longer row is a broken file (an unclosed quote swallowing the rest of it), not a patient. */
const MAX_ROW_CHARACTERS = 64 * 1024;
/** COPY data goes to the server in chunks of about this size rather than a message per row. */
const COPY_CHUNK_CHARACTERS = 64 * 1024;
const DUPLICATES_PER_FETCH = 5_000;
const UNIQUE_VIOLATION = '23505';

export interface ImportOptions {
  /** Who runs the import; the audit rows name them, and their clock dates what is stored. */
  actor: Actor;
  /** The file's name, for the audit row. */
  fileName: string;
  /** Validate only: report what is wrong with the file, write no patient. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called with every rejected row as it is found; the report keeps only the first 1,000. */
  onReject?: (reject: RowReject) => void;
  /** Aborting stops the import; nothing is written. */
  signal?: AbortSignal;
}

export interface ImportProgress {
  /** `reading` while rows stream in, then `checking` (duplicates, and the whole dry run) or `saving`. */
  phase: 'reading' | 'checking' | 'saving';
  rowsRead: number;
  rejected: number;
  seconds: number;
}

export interface RowProblem {
  /** A column name, or `row` for a problem with the whole row. */
  field: string;
  /** Says what is wrong without quoting the value: reports must not spread patient data. */
  reason: string;
}

export interface RowReject {
  /** The physical line of the file where the row starts (1 is the header). */
  line: number;
  /** The row's MRN when it is well-formed, to find the row in the EHR. */
  mrn: string | null;
  problems: RowProblem[];
}

export interface ImportReport {
  fileName: string;
  dryRun: boolean;
  /** True when the patients were written: not a dry run and no row rejected. */
  committed: boolean;
  /** Data rows in the file (the header and blank lines not counted). */
  rowsRead: number;
  valid: number;
  rejected: number;
  /** Rows saved: every valid row when committed, else 0. */
  imported: number;
  seconds: number;
  /** The first rejected rows, in the order found. */
  rejects: RowReject[];
}

/**
 * Imports a patient CSV extract from the EHR, all or nothing. Every row is validated while the
 * file streams through (constant memory, whatever its size), valid rows are staged with COPY in
 * one transaction, and only when no row was rejected are they merged into `patients` by MRN:
 * new MRNs inserted, changed ones updated, identical ones left alone, so importing the same file
 * twice changes nothing. With a rejected row, or in a dry run, the transaction is rolled back.
 *
 * The report says what was wrong with the file, never how it compares with stored patients:
 * a one-row file would otherwise tell the importer (an admin, who may not read patient data)
 * whether an MRN exists and whether a name and birth date match it. Each patient the import
 * inserts or changes gets an audit row of its own (with the changed fields' names), so it shows
 * in that patient's access ledger; the run's own audit row keeps the counts.
 *
 * A file that cannot be imported at all (empty, wrong header, broken quoting) throws a 400
 * AppError.
 */
export async function importPatients(knex: Knex, source: Readable, options: ImportOptions): Promise<ImportReport> {
  const run = new ImportRun(options);
  const timeZone = await new SettingsStore(knex, 0).get('organization.time_zone');
  const now = options.actor.clock();
  const today = todayIn(timeZone, now);
  const trx = await knex.transaction();
  try {
    await createStagingTable(trx);
    const columns = await stageValidRows(trx, source, patientRowSchema(today), run, options.signal);
    run.reportProgress(options.dryRun ? 'checking' : 'saving');
    await rejectDuplicateMrns(trx, run);
    if (run.rejected === 0 && !options.dryRun) {
      run.changes = await compareWithPatients(trx, columns);
      await mergeIntoPatients(trx, columns, run.changes, options, now);
    }
    const report = run.report(!options.dryRun && run.rejected === 0);
    // Ctrl-C (or a client gone away) during the merge must still leave nothing written.
    options.signal?.throwIfAborted();
    if (report.committed) {
      await recordAudit(trx, options.actor, auditEntry(report, run.changes));
      await trx.commit();
    } else {
      await trx.rollback();
      await recordAudit(knex, options.actor, auditEntry(report, run.changes));
    }
    return report;
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback();
    // The caller needs the original error; a database that failed the import may refuse this too.
    await recordAudit(knex, options.actor, {
      action: 'import',
      resource: 'patients',
      outcome: 'failed',
      details: { fileName: options.fileName, dryRun: Boolean(options.dryRun), error: errorCode(error) },
    }).catch(() => undefined);
    throw error;
  }
}

/** Counts, rejects and timing of one run. */
class ImportRun {
  private readonly startedAt = performance.now();
  rowsRead = 0;
  valid = 0;
  rejected = 0;
  changes = { inserts: 0, updates: 0 };
  private readonly rejects: RowReject[] = [];

  constructor(private readonly options: ImportOptions) {}

  reject(reject: RowReject): void {
    this.rejected += 1;
    if (this.rejects.length < REJECTS_KEPT) this.rejects.push(reject);
    this.options.onReject?.(reject);
  }

  reportProgress(phase: ImportProgress['phase']): void {
    this.options.onProgress?.({ phase, rowsRead: this.rowsRead, rejected: this.rejected, seconds: this.seconds() });
  }

  report(committed: boolean): ImportReport {
    return {
      fileName: this.options.fileName,
      dryRun: Boolean(this.options.dryRun),
      committed,
      rowsRead: this.rowsRead,
      valid: this.valid,
      rejected: this.rejected,
      imported: committed ? this.valid : 0,
      seconds: this.seconds(),
      rejects: this.rejects,
    };
  }

  private seconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}

/** The run's audit row: the counts, for the privacy office; patients each get their own row. */
function auditEntry(report: ImportReport, changes: { inserts: number; updates: number }) {
  const { fileName, dryRun, committed, rowsRead, valid, rejected } = report;
  return {
    action: 'import',
    resource: 'patients',
    outcome: report.rejected ? ('failed' as const) : ('success' as const),
    details: {
      fileName,
      dryRun,
      rowsRead,
      valid,
      rejected,
      inserted: committed ? changes.inserts : 0,
      updated: committed ? changes.updates : 0,
    },
  };
}

function errorCode(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  return 'error';
}

/** Rows wait here until the whole file is known to be good; it vanishes with the transaction. */
async function createStagingTable(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`
    CREATE TEMP TABLE patient_import (
      line integer NOT NULL,
      mrn text NOT NULL,
      family_name text,
      given_name text,
      date_of_birth date,
      sex text,
      deceased_date date,
      phone text,
      email text,
      address_line1 text,
      address_line2 text,
      city text,
      state text,
      postal_code text
    ) ON COMMIT DROP`);
}

/**
 * Streams the file through the CSV parser and the row validator into COPY, with backpressure
 * end to end. Returns the columns the header named.
 */
async function stageValidRows(
  trx: Knex.Transaction,
  source: Readable,
  schema: ReturnType<typeof patientRowSchema>,
  run: ImportRun,
  signal: AbortSignal | undefined,
): Promise<PatientColumn[]> {
  const lines = new LineCounter();
  const validator = new RowValidator(schema, run);
  // COPY needs the transaction's own connection; knex hands it back for its transaction client.
  const connection = (await trx.client.acquireConnection()) as pg.Client;
  const copy = connection.query(copyFrom(`COPY patient_import (line, ${PATIENT_COLUMNS.join(', ')}) FROM STDIN`));
  const csvOptions: CsvOptions<CsvRecord, string[]> = {
    bom: true,
    // csv-parse's own line count counts a CRLF inside a quoted cell twice, so lines are counted here.
    on_record: (cells: string[]) => lines.next(cells),
    // Rows with too many or too few cells become rejects with their line, not a parse failure.
    relax_column_count: true,
    // Tolerate spaces around quoted cells ( a, "b" ); cells are trimmed in validation anyway.
    trim: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_ROW_CHARACTERS,
  };
  // csv-parse's typings only let `on_record` change the record's type together with `columns`.
  const parser = parse(csvOptions as unknown as CsvOptions);
  try {
    await pipeline(source, parser, (records: AsyncIterable<CsvRecord>) => validator.toCopyText(records), copy, { signal });
  } catch (error) {
    if (error instanceof CsvError) throw malformedCsv(error, lines.current);
    throw error;
  }
  if (!validator.columns) {
    throw badRequest('The file is empty: a patient file starts with a header row naming its columns.', undefined, 'csv_empty');
  }
  // Temporary tables are never analyzed by autovacuum; the duplicate check and the merge join on it.
  await trx.raw('ANALYZE patient_import');
  return validator.columns;
}

interface CsvRecord {
  line: number;
  cells: string[];
}

/** Physical line numbers of records, a multi-line quoted cell counting all its lines. */
class LineCounter {
  /** The line where the record being parsed starts. */
  current = 1;

  /** Numbers a parsed record; blank lines (and rows of empty cells) are dropped. */
  next(cells: string[]): CsvRecord | null {
    const line = this.current;
    this.current += 1 + lineBreaksIn(cells);
    return cells.every((cell) => cell.trim() === '') ? null : { line, cells };
  }
}

function lineBreaksIn(cells: string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) breaks += cell.match(/\r\n|\r|\n/g)!.length;
  }
  return breaks;
}

/** Checks the header, then turns each valid row into COPY text and each invalid one into a reject. */
class RowValidator {
  columns: PatientColumn[] | null = null;

  constructor(
    private readonly schema: ReturnType<typeof patientRowSchema>,
    private readonly run: ImportRun,
  ) {}

  async *toCopyText(records: AsyncIterable<CsvRecord>): AsyncGenerator<string> {
    let chunk = '';
    for await (const { line, cells } of records) {
      if (!this.columns) {
        this.columns = checkHeader(cells);
        continue;
      }
      this.run.rowsRead += 1;
      chunk += this.validate(line, cells);
      if (chunk.length >= COPY_CHUNK_CHARACTERS) {
        yield chunk;
        chunk = '';
      }
      if (this.run.rowsRead % PROGRESS_EVERY_ROWS === 0) this.run.reportProgress('reading');
    }
    if (chunk) yield chunk;
  }

  /** The row's COPY line, or '' when it is rejected. */
  private validate(line: number, cells: string[]): string {
    const columns = this.columns!;
    if (cells.length !== columns.length) {
      const mrnIndex = columns.indexOf('mrn');
      this.run.reject({
        line,
        mrn: safeMrn(normalizeCell(cells[mrnIndex] ?? '')),
        problems: [{ field: 'row', reason: `has ${cells.length} cells; the header has ${columns.length}` }],
      });
      return '';
    }
    const input: Partial<Record<PatientColumn, string>> = {};
    for (let i = 0; i < columns.length; i += 1) input[columns[i]] = normalizeCell(cells[i]);
    const result = this.schema.safeParse(input);
    if (!result.success) {
      this.run.reject({ line, mrn: safeMrn(input.mrn), problems: problemsOf(result.error) });
      return '';
    }
    this.run.valid += 1;
    return copyLine(line, result.data);
  }
}

/** One problem per field, the first one found. */
function problemsOf(error: z.ZodError): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'row');
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, reason: issue.message });
  }
  return problems;
}

/**
 * The header must name known columns, each once, the required ones all present. When it names
 * none of them the first line is probably a patient, so its cells are not repeated back.
 */
function checkHeader(cells: string[]): PatientColumn[] {
  const names = cells.map((cell) => cell.trim());
  const known = new Set<string>(PATIENT_COLUMNS);
  const expected = `The columns are: ${PATIENT_COLUMNS.join(', ')} (required: ${REQUIRED_COLUMNS.join(', ')}).`;
  if (!names.some((name) => known.has(name))) {
    throw badRequest(`The first line is not a header row naming the columns. ${expected}`, undefined, 'csv_columns');
  }
  const problems: string[] = [];
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.some((name) => name === '')) problems.push('a column has no name (a trailing comma?)');
  const named = unknown.filter((name) => name !== '');
  if (named.length) problems.push(`unknown column(s) ${named.map((name) => JSON.stringify(name.slice(0, 40))).join(', ')}`);
  const repeated = names.filter((name, index) => known.has(name) && names.indexOf(name) !== index);
  if (repeated.length) problems.push(`column(s) named more than once: ${[...new Set(repeated)].join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length) problems.push(`missing required column(s): ${missing.join(', ')}`);
  if (problems.length) {
    throw badRequest(`The header row is not valid: ${problems.join('; ')}. Nothing was imported. ${expected}`, undefined, 'csv_columns');
  }
  return names as PatientColumn[];
}

/** csv-parse's messages quote cell values, so the reason is told in our own words. */
function malformedCsv(error: CsvError, line: number): AppError {
  const reasons: Partial<Record<CsvError['code'], string>> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
    INVALID_OPENING_QUOTE: 'a quote appears inside a cell that does not start with one',
    CSV_INVALID_CLOSING_QUOTE: 'a quoted cell is followed by more text before the next comma',
    CSV_MAX_RECORD_SIZE: `a row is longer than ${MAX_ROW_CHARACTERS} characters (an unclosed quote?)`,
  };
  const reason = reasons[error.code] ?? 'the text cannot be read as CSV';
  return badRequest(`Line ${line}: ${reason}. The file is not valid CSV; nothing was imported.`, undefined, 'csv_malformed');
}

/**
 * Every row of an MRN that appears more than once is rejected: which of them is right is the
 * EHR's call, not ours. Read through a cursor so a hostile file cannot fill memory.
 */
async function rejectDuplicateMrns(trx: Knex.Transaction, run: ImportRun): Promise<void> {
  await trx.raw(`
    DECLARE duplicate_mrns NO SCROLL CURSOR FOR
      SELECT staged.line, staged.mrn, repeated.times, repeated.first_lines
        FROM patient_import staged
        JOIN (SELECT mrn, count(*) AS times, (array_agg(line ORDER BY line))[1:5] AS first_lines
                FROM patient_import GROUP BY mrn HAVING count(*) > 1) repeated USING (mrn)
       ORDER BY staged.line`);
  for (;;) {
    const { rows } = await trx.raw<{ rows: { line: number; mrn: string; times: number; first_lines: number[] }[] }>(
      `FETCH ${DUPLICATES_PER_FETCH} FROM duplicate_mrns`,
    );
    for (const { line, mrn, times, first_lines: lines } of rows) {
      run.valid -= 1;
      const listed = times > lines.length ? `${lines.join(', ')}, …` : lines.join(', ');
      run.reject({ line, mrn, problems: [{ field: 'mrn', reason: `appears on ${times} lines of the file: ${listed}` }] });
    }
    if (rows.length < DUPLICATES_PER_FETCH) break;
  }
  await trx.raw('CLOSE duplicate_mrns');
}

// Column names below come from PATIENT_COLUMNS (the header was checked against it), never from
// the file, so they are safe to write into SQL.
const rowOf = (table: string, fields: PatientColumn[]) => `(${fields.map((field) => `${table}.${field}`).join(', ')})`;
const fieldsOf = (columns: PatientColumn[]) => columns.filter((column) => column !== 'mrn');

/**
 * How many staged rows are new MRNs and how many differ from the stored patient. Only the
 * columns in the file count: a column left out keeps the stored values.
 */
async function compareWithPatients(trx: Knex.Transaction, columns: PatientColumn[]) {
  const fields = fieldsOf(columns);
  const { rows } = await trx.raw<{ rows: { inserts: number; updates: number }[] }>(`
    SELECT count(*) FILTER (WHERE stored.id IS NULL) AS inserts,
           count(*) FILTER (WHERE stored.id IS NOT NULL
                              AND ${rowOf('stored', fields)} IS DISTINCT FROM ${rowOf('staged', fields)}) AS updates
      FROM patient_import staged
      LEFT JOIN patients stored ON stored.mrn = staged.mrn`);
  return rows[0];
}

/**
 * One audit row per patient this import changes, naming the fields that change (never their
 * values), written before the update while the stored values can still be compared.
 */
async function auditChangedPatients(trx: Knex.Transaction, fields: PatientColumn[], options: ImportOptions, now: Date): Promise<void> {
  const who = auditSelectParts(options.actor, now);
  const changedFields = `array_remove(ARRAY[${fields
    .map((field) => `CASE WHEN stored.${field} IS DISTINCT FROM staged.${field} THEN '${field}' END`)
    .join(', ')}], NULL)`;
  await trx.raw(
    `INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
     SELECT ${who.placeholders}, 'edit', 'patients', stored.id::text, stored.id, 'success',
            jsonb_build_object('source', 'import', 'fileName', ?::text, 'changed', to_jsonb(${changedFields}))
       FROM patient_import staged
       JOIN patients stored ON stored.mrn = staged.mrn
      WHERE ${rowOf('stored', fields)} IS DISTINCT FROM ${rowOf('staged', fields)}`,
    [...who.bindings, options.fileName],
  );
}

/**
 * Updates the changed patients (only those: an unchanged one keeps its updated_at), then inserts
 * the new MRNs. Two plain statements rather than one INSERT ... ON CONFLICT DO UPDATE: measured
 * on a million new patients, ON CONFLICT's speculative insertion took 57 s against 27 s, and it
 * locks (and so rewrites) every unchanged row too. Should someone else write one of these MRNs
 * between the comparison and the merge, the counts would no longer be true, so the import is
 * refused instead.
 */
async function mergeIntoPatients(
  trx: Knex.Transaction,
  columns: PatientColumn[],
  expected: { inserts: number; updates: number },
  options: ImportOptions,
  now: Date,
): Promise<void> {
  const fields = fieldsOf(columns);
  const who = auditSelectParts(options.actor, now);
  try {
    await auditChangedPatients(trx, fields, options, now);
    const updated = await trx.raw<{ rowCount: number }>(
      `UPDATE patients SET ${fields.map((field) => `${field} = staged.${field}`).join(', ')}, updated_at = ?
         FROM patient_import staged
        WHERE patients.mrn = staged.mrn
          AND ${rowOf('patients', fields)} IS DISTINCT FROM ${rowOf('staged', fields)}`,
      [now],
    );
    // Sorted by MRN, the unique index on it is filled in order instead of at random. Each new
    // patient's audit row is written by the same statement; its row count is the patients'.
    const inserted = await trx.raw<{ rowCount: number }>(
      `WITH inserted AS (
         INSERT INTO patients (${columns.join(', ')}, created_at, updated_at)
         SELECT ${columns.join(', ')}, ?, ? FROM patient_import staged
          WHERE NOT EXISTS (SELECT FROM patients stored WHERE stored.mrn = staged.mrn)
          ORDER BY mrn
         RETURNING id)
       INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
       SELECT ${who.placeholders}, 'create', 'patients', id::text, id, 'success', jsonb_build_object('source', 'import', 'fileName', ?::text)
         FROM inserted`,
      [now, now, ...who.bindings, options.fileName],
    );
    if (updated.rowCount === expected.updates && inserted.rowCount === expected.inserts) return;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
  }
  throw conflict('Some of these patients changed while the file was being imported. Nothing was written; run the import again.', 'import_conflict');
}
