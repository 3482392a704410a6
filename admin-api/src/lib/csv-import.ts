import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Options as CsvOptions } from 'csv-parse';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor, type AuditEntry } from './audit.ts';
import { AppError, badRequest } from './errors.ts';
import { hasControlCharacter } from './validation.ts';

/**
 * What every CSV import (patients, results, guarantor accounts) reads the same way: physical line numbers, the
 * header check, cells trimmed and checked for text a spreadsheet would run, and problems told in
 * our own words, never quoting a cell (reports must not spread patient data).
 */

/** A longer row is a broken file (an unclosed quote swallowing the rest of it), not a record. */
export const MAX_ROW_CHARACTERS = 64 * 1024;
/** COPY data goes to the server in chunks of about this size rather than a message per row. */
export const COPY_CHUNK_CHARACTERS = 64 * 1024;

export interface RowProblem {
  /** A column name, or `row` for a problem with the whole row. */
  field: string;
  /** Says what is wrong without quoting the value: reports must not spread patient data. */
  reason: string;
}

export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Physical line numbers of records, a multi-line quoted cell counting all its lines. */
export class LineCounter {
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

/** A csv-parse stream that yields numbered records (see LineCounter). */
export function csvRecordParser(lines: LineCounter) {
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
  return parse(csvOptions as unknown as CsvOptions);
}

/** csv-parse's messages quote cell values, so the reason is told in our own words. */
export function malformedCsv(error: unknown, line: number): unknown {
  if (!(error instanceof CsvError)) return error;
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
 * The header must name known columns, each once, the required ones all present. When it names
 * none of them the first line is probably a record, so its cells are not repeated back.
 */
export function checkHeader<Column extends string>(cells: string[], columns: readonly Column[], required: readonly Column[]): Column[] {
  const names = cells.map((cell) => cell.trim());
  const known = new Set<string>(columns);
  const expected = `The columns are: ${columns.join(', ')} (required: ${required.join(', ')}).`;
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
  const missing = required.filter((column) => !names.includes(column));
  if (missing.length) problems.push(`missing required column(s): ${missing.join(', ')}`);
  if (problems.length) {
    throw badRequest(`The header row is not valid: ${problems.join('; ')}. Nothing was imported. ${expected}`, undefined, 'csv_columns');
  }
  return names as Column[];
}

/** The file is empty: not even a header. */
export const emptyCsv = (what: string): AppError =>
  badRequest(`The file is empty: ${what} starts with a header row naming its columns.`, undefined, 'csv_empty');

/** One problem per field, the first one found. */
export function problemsOf(error: z.ZodError): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'row');
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, reason: issue.message });
  }
  return problems;
}

/**
 * Excel, LibreOffice and Google Sheets run a cell starting with one of these as a formula when
 * staff later export it to a spreadsheet (CSV injection, OWASP). Such a cell is refused rather
 * than "fixed" by prefixing a quote, because a name or an address never legitimately starts with
 * them. Tab and CR complete OWASP's list; normalizeCell has trimmed them off and folded inner
 * ones into spaces already, so this check sees the value exactly as it will be stored.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

// Line breaks and tabs inside a cell are whitespace (an EHR wrapping a long address is not an
// error); other control characters are refused by the API's one rule, and U+FFFD is what a
// byte that is not UTF-8 decodes to.
const isCleanText = (value: string) => !hasControlCharacter(value) && !value.includes('\uFFFD');
const INNER_WHITESPACE = /\s{2,}|[\t\n\r\f\v]/;

/** Trims a cell and folds runs of whitespace (line breaks included) into one space. */
export function normalizeCell(value: string): string {
  const trimmed = value.trim();
  return INNER_WHITESPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** A cell of clean text. */
export const cellText = z.string().refine(isCleanText, { error: 'contains control characters or text that is not UTF-8', abort: true });
/** A cell of clean text that a spreadsheet would not run as a formula. */
export const plainCellText = cellText.refine((value) => !FORMULA_START.test(value), {
  error: 'starts with =, +, -, @, tab or CR, which a spreadsheet would run as a formula',
  abort: true,
});

/**
 * A cell of clean text that may start with a sign before a digit (a value of -0.5, a range of
 * -2 to 3) but with no other formula character: numbers are what labs write, and CSV exports
 * defuse a leading sign anyway (lib/csv.ts).
 */
export const signedCellText = cellText.refine((value) => !FORMULA_START.test(value) || /^[-+]\d/.test(value), {
  error: 'starts with =, +, -, @, tab or CR not followed by a digit, which a spreadsheet would run as a formula',
  abort: true,
});

/** A required cell of plain text, at most `max` characters. */
export const requiredCell = (max: number) => plainCellText.pipe(z.string().min(1, 'is required').max(max, `is longer than ${max} characters`));

/** An optional cell: empty means null; a column left out of the file stays undefined. */
export function optionalCell<T extends z.ZodType<unknown, string>>(base: z.ZodType<string, string>, schema: T) {
  return base
    .transform((value) => (value === '' ? null : value))
    .pipe(schema.nullable())
    .optional();
}

/** One cell of COPY's text format: \N for NULL, and backslashes escaped (validation folded tabs and line breaks). */
export const copyCell = (value: string | number | null | undefined): string => (value == null ? '\\N' : String(value).replaceAll('\\', '\\\\'));

/** How many rejected rows a report keeps; `onReject` hears of every one. */
export const REJECTS_KEPT = 1_000;

export type ImportPhase = 'reading' | 'checking' | 'saving';

export interface ImportProgress {
  phase: ImportPhase;
  rowsRead: number;
  rejected: number;
  seconds: number;
}

/** A rejected row, named by its line and by its key column's value when that is safe to repeat. */
export type KeyedReject<Key extends string> = { line: number } & { [K in Key]: string | null } & { problems: RowProblem[] };

export interface ImportRunOptions<Reject> {
  fileName: string;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  onReject?: (reject: Reject) => void;
}

/** One import's bookkeeping: rows read, valid and rejected, the first rejects kept, progress told, the report. */
export class ImportRun<Reject extends { line: number }> {
  private readonly startedAt = performance.now();
  rowsRead = 0;
  valid = 0;
  rejected = 0;
  private readonly rejects: Reject[] = [];

  constructor(private readonly options: ImportRunOptions<Reject>) {}

  reject(reject: Reject): void {
    this.rejected += 1;
    if (this.rejects.length < REJECTS_KEPT) this.rejects.push(reject);
    this.options.onReject?.(reject);
  }

  reportProgress(phase: ImportPhase): void {
    this.options.onProgress?.({ phase, rowsRead: this.rowsRead, rejected: this.rejected, seconds: this.seconds() });
  }

  /** The report, with the import's own `counts` between the rows and the time: all 0 when a row was rejected (nothing was compared). */
  report<Counts extends Record<string, number>>(committed: boolean, counts: Counts) {
    const counted = this.rejected === 0;
    return {
      fileName: this.options.fileName,
      dryRun: Boolean(this.options.dryRun),
      committed,
      rowsRead: this.rowsRead,
      valid: this.valid,
      rejected: this.rejected,
      ...(Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, counted ? value : 0])) as Counts),
      seconds: this.seconds(),
      // By line, as whoever fixes the file reads it: rows the database judged come after the others.
      rejects: this.rejects.toSorted((a, b) => a.line - b.line),
    };
  }

  private seconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}

export interface ImportTransactionOptions {
  actor: Actor;
  fileName: string;
  dryRun?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs an import all or nothing: `work` stages, checks and merges in one transaction and answers
 * the report, which is committed with its audit row only when the report says so; otherwise it
 * is rolled back and the audit row written outside it. A failure is audited too (by its code
 * only) and thrown again.
 */
export async function inImportTransaction<Report extends { committed: boolean }>(
  knex: Knex,
  // A union of literals, so the audit-labels test can tell which rows this writes.
  resource: 'results' | 'guarantor-accounts',
  options: ImportTransactionOptions,
  work: (trx: Knex.Transaction) => Promise<Report>,
  auditEntry: (report: Report) => AuditEntry,
): Promise<Report> {
  const trx = await knex.transaction();
  try {
    const report = await work(trx);
    options.signal?.throwIfAborted();
    if (report.committed) {
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
      resource,
      outcome: 'failed',
      details: { fileName: options.fileName, dryRun: Boolean(options.dryRun), error: error instanceof AppError ? error.code : 'error' },
    }).catch(() => undefined);
    throw error;
  }
}

export interface CsvCopyStage<Column extends string, Key extends Column, Row> {
  trx: Knex.Transaction;
  source: Readable;
  /** The temporary table the valid rows are copied into, and its columns in the order `copyLine` writes them. */
  table: string;
  copyColumns: readonly string[];
  /** The file's columns, and those its header must name. */
  columns: readonly Column[];
  requiredColumns: readonly Column[];
  /** The column that names a rejected row, and what of its value may be repeated in a report (null: none). */
  keyColumn: Key;
  keyOf: (value: string | undefined) => string | null;
  rowSchema: z.ZodType<Row>;
  /** A valid row as COPY text, its line first. */
  copyLine: (line: number, row: Row) => string;
  run: ImportRun<KeyedReject<Key>>;
  /** Progress is told every this many rows read. */
  progressEvery: number;
  signal?: AbortSignal;
  /** What the file is, for the message when it is empty: "a results file". */
  what: string;
}

/** Streams the file through the parser and the row check into COPY, with backpressure end to end. */
export async function stageCsvIntoCopy<Column extends string, Key extends Column, Row>(stage: CsvCopyStage<Column, Key, Row>): Promise<void> {
  const { trx, run, keyColumn, keyOf } = stage;
  const lines = new LineCounter();
  let columns: Column[] | null = null;
  // COPY needs the transaction's own connection; knex hands it back for its transaction client.
  const connection = (await trx.client.acquireConnection()) as pg.Client;
  const copy = connection.query(copyFrom(`COPY ${stage.table} (${stage.copyColumns.join(', ')}) FROM STDIN`));
  const reject = (line: number, key: string | null, problems: RowProblem[]) => run.reject({ line, [keyColumn]: key, problems } as KeyedReject<Key>);
  async function* toCopyText(records: AsyncIterable<CsvRecord>): AsyncGenerator<string> {
    let chunk = '';
    for await (const { line, cells } of records) {
      if (!columns) {
        columns = checkHeader(cells, stage.columns, stage.requiredColumns);
        continue;
      }
      run.rowsRead += 1;
      chunk += validate(columns, line, cells);
      if (chunk.length >= COPY_CHUNK_CHARACTERS) {
        yield chunk;
        chunk = '';
      }
      if (run.rowsRead % stage.progressEvery === 0) run.reportProgress('reading');
    }
    if (chunk) yield chunk;
  }
  function validate(header: Column[], line: number, cells: string[]): string {
    const keyCell = cells[header.indexOf(keyColumn)];
    if (cells.length !== header.length) {
      reject(line, keyOf(normalizeCell(keyCell ?? '')), [{ field: 'row', reason: `has ${cells.length} cells; the header has ${header.length}` }]);
      return '';
    }
    const input: Partial<Record<Column, string>> = {};
    for (let i = 0; i < header.length; i += 1) input[header[i]] = normalizeCell(cells[i]);
    const result = stage.rowSchema.safeParse(input);
    if (!result.success) {
      reject(line, keyOf(input[keyColumn]), problemsOf(result.error));
      return '';
    }
    run.valid += 1;
    return stage.copyLine(line, result.data);
  }
  try {
    await pipeline(stage.source, csvRecordParser(lines), toCopyText, copy, { signal: stage.signal });
  } catch (error) {
    throw malformedCsv(error, lines.current);
  }
  if (!columns) throw emptyCsv(stage.what);
  await trx.raw(`ANALYZE ${stage.table}`);
}
