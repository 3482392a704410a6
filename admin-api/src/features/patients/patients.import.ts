import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Knex } from '@portaldesk/db';
import { auditSelectParts, recordAudit, type Actor } from '../../lib/audit.ts';
import {
  COPY_CHUNK_CHARACTERS,
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
import { todayIn } from '../../lib/clock.ts';
import { AppError, badRequest, conflict } from '../../lib/errors.ts';
import { SettingsStore } from '../../lib/settings.ts';
import { FIELD_COLUMNS } from '../demographics/field-values.ts';
import { DEMOGRAPHIC_FIELDS, type DemographicField, type PostalAddress } from '../demographics/value-sets.ts';
import { PATIENT_COLUMNS, REQUIRED_COLUMNS, copyLine, patientRowSchema, safeMrn, type PatientColumn } from './patients.import-row.ts';

/** Reading reports progress every this many rows. */
const PROGRESS_EVERY_ROWS = 50_000;
/** Rejects kept in the report; every one also goes to `onReject`, so memory stays flat. */
const REJECTS_KEPT = 1_000;
/** Conflicts kept in the report; the count covers them all. */
const CONFLICTS_KEPT = 1_000;
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
  /**
   * When the EHR made the extract. A field staff changed after it keeps the staff value; without
   * it, so does every field whose latest change did not come from an import.
   */
  extractedAt?: Date;
}

export interface ImportProgress {
  /** `reading` while rows stream in, then `checking` (duplicates, and the whole dry run) or `saving`. */
  phase: 'reading' | 'checking' | 'saving';
  rowsRead: number;
  rejected: number;
  seconds: number;
}

export interface RowReject {
  /** The physical line of the file where the row starts (1 is the header). */
  line: number;
  /** The row's MRN when it is well-formed, to find the row in the EHR. */
  mrn: string | null;
  problems: RowProblem[];
}

/**
 * A field of a stored patient that the file would change, kept instead: staff (a correction, or
 * a patient's request they accepted) changed it after the extract was made.
 */
export interface FieldConflict {
  line: number;
  mrn: string;
  field: DemographicField;
  /** When staff changed the field. */
  changedAt: Date;
  source: 'staff_correction' | 'change_request';
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
  /** Fields of stored patients that keep the value staff gave them instead of the file's. */
  conflicted: number;
  /** The first conflicts, by line. */
  conflicts: FieldConflict[];
}

/**
 * Imports a patient CSV extract from the EHR, all or nothing. Every row is validated while the
 * file streams through (constant memory, whatever its size), valid rows are staged with COPY in
 * one transaction, and only when no row was rejected are they merged into `patients` by MRN:
 * new MRNs inserted, changed ones updated, identical ones left alone, so importing the same file
 * twice changes nothing. With a rejected row, or in a dry run, the transaction is rolled back.
 *
 * An extract is a copy made some time ago, and staff may have corrected a patient since: a field
 * whose latest change came from staff after `extractedAt` (or, without it, from anyone but an
 * import) keeps the staff value while the rest of the row is imported, and the report lists it
 * as a conflict (a dry run too, so the check warns); conflicts do not fail the import. Every
 * other field an update changes gets a history row, and the patient's version goes up by one; a
 * new patient's first values are the record itself.
 *
 * Besides conflicts, the report says what was wrong with the file, never how it compares with
 * stored patients: a one-row file would otherwise tell the importer (an admin, who may not read
 * patient data) whether an MRN exists and whether a name and birth date match it. A conflict
 * names only the line, the MRN, the field and when staff changed it. Each patient the import
 * inserts or changes gets an audit row of its own (with the changed fields' names), so it shows
 * in that patient's access ledger; the run's own audit row keeps the counts.
 *
 * A file that cannot be imported at all (empty, wrong header, broken quoting), or an extract
 * time in the future, throws a 400 AppError.
 */
export async function importPatients(knex: Knex, source: Readable, options: ImportOptions): Promise<ImportReport> {
  const run = new ImportRun(options);
  const timeZone = await new SettingsStore(knex, 0).get('organization.time_zone');
  const now = options.actor.clock();
  const today = todayIn(timeZone, now);
  const trx = await knex.transaction();
  try {
    if (options.extractedAt && options.extractedAt > now) {
      throw badRequest('The extract time is in the future: give the time the EHR made the extract.', { extracted_at: 'is in the future' }, 'validation_failed');
    }
    await createStagingTable(trx);
    const columns = await stageValidRows(trx, source, patientRowSchema(today), run, options.signal);
    run.reportProgress(options.dryRun ? 'checking' : 'saving');
    await rejectDuplicateMrns(trx, run);
    const updates = await stageUpdates(trx, columns);
    if (updates > 0) {
      await findFieldChanges(trx, columns, options.extractedAt ?? null);
      ({ conflicted: run.conflicted, conflicts: run.conflicts } = await readConflicts(trx));
    }
    if (run.rejected === 0 && !options.dryRun) {
      const kept = run.conflicted > 0 ? await keepStaffValues(trx, columns) : 0;
      run.changes = { inserts: await countNewPatients(trx), updates: updates - kept };
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
  conflicted = 0;
  conflicts: FieldConflict[] = [];
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
      conflicted: this.conflicted,
      conflicts: this.conflicts,
    };
  }

  private seconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }
}

/** The run's audit row: the counts, for the privacy office; patients each get their own row. */
function auditEntry(report: ImportReport, changes: { inserts: number; updates: number }) {
  const { fileName, dryRun, committed, rowsRead, valid, rejected, conflicted } = report;
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
      conflicted,
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
  const parser = csvRecordParser(lines);
  try {
    await pipeline(source, parser, (records: AsyncIterable<CsvRecord>) => validator.toCopyText(records), copy, { signal });
  } catch (error) {
    throw malformedCsv(error, lines.current);
  }
  if (!validator.columns) {
    throw emptyCsv('a patient file');
  }
  // Temporary tables are never analyzed by autovacuum; the duplicate check and the merge join on it.
  await trx.raw('ANALYZE patient_import');
  return validator.columns;
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
        this.columns = checkHeader(cells, PATIENT_COLUMNS, REQUIRED_COLUMNS);
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

/**
 * Every row of an MRN that appears more than once is rejected: which of them is right is the
 * EHR's call, not ours. Read through a cursor so a hostile file cannot fill memory. The rows are
 * then unstaged, so what stays staged is exactly the valid rows.
 */
async function rejectDuplicateMrns(trx: Knex.Transaction, run: ImportRun): Promise<void> {
  await trx.raw(`
    DECLARE duplicate_mrns NO SCROLL CURSOR FOR
      SELECT staged.line, staged.mrn, repeated.times, repeated.first_lines
        FROM patient_import staged
        JOIN (SELECT mrn, count(*) AS times, (array_agg(line ORDER BY line))[1:5] AS first_lines
                FROM patient_import GROUP BY mrn HAVING count(*) > 1) repeated USING (mrn)
       ORDER BY staged.line`);
  let duplicates = 0;
  for (;;) {
    const { rows } = await trx.raw<{ rows: { line: number; mrn: string; times: number; first_lines: number[] }[] }>(
      `FETCH ${DUPLICATES_PER_FETCH} FROM duplicate_mrns`,
    );
    duplicates += rows.length;
    for (const { line, mrn, times, first_lines: lines } of rows) {
      run.valid -= 1;
      const listed = times > lines.length ? `${lines.join(', ')}, …` : lines.join(', ');
      run.reject({ line, mrn, problems: [{ field: 'mrn', reason: `appears on ${times} lines of the file: ${listed}` }] });
    }
    if (rows.length < DUPLICATES_PER_FETCH) break;
  }
  await trx.raw('CLOSE duplicate_mrns');
  if (duplicates) await trx.raw('DELETE FROM patient_import WHERE mrn IN (SELECT mrn FROM patient_import GROUP BY mrn HAVING count(*) > 1)');
}

// Column names below come from PATIENT_COLUMNS (the header was checked against it), and field
// names from DEMOGRAPHIC_FIELDS, never from the file, so they are safe to write into SQL.
const rowOf = (table: string, fields: readonly string[]) => `(${fields.map((field) => `${table}.${field}`).join(', ')})`;
const fieldsOf = (columns: PatientColumn[]) => columns.filter((column) => column !== 'mrn');

/** The demographic fields an extract carries, each kept in the history, in the order reported. */
const IMPORTED_FIELDS = DEMOGRAPHIC_FIELDS.filter((field) => FIELD_COLUMNS[field].every((column) => (PATIENT_COLUMNS as readonly string[]).includes(column)));

/** The parts of an address value and the columns they are stored in. */
const ADDRESS_PARTS: readonly [keyof PostalAddress, PatientColumn][] = [
  ['line1', 'address_line1'],
  ['line2', 'address_line2'],
  ['city', 'city'],
  ['state', 'state'],
  ['postal_code', 'postal_code'],
];

/** The fields the file's columns touch (the address when it names any part of it). */
const fieldsIn = (columns: PatientColumn[]) =>
  IMPORTED_FIELDS.filter((field) => FIELD_COLUMNS[field].some((column) => columns.includes(column as PatientColumn)));

/** The columns of `fields` that the file names: what keeping a field's stored value touches. */
const columnsOfFields = (fields: readonly DemographicField[], columns: PatientColumn[]) =>
  columns.filter((column) => fields.some((field) => FIELD_COLUMNS[field].includes(column)));

/**
 * A field's value as jsonb, as the history keeps it (JSON null for none), its columns read
 * through `column`: the address is one object, null when it has no part.
 */
function fieldJson(field: DemographicField, column: (name: string) => string): string {
  if (field !== 'address') return `coalesce(to_jsonb(${column(field)}), 'null'::jsonb)`;
  const parts = ADDRESS_PARTS.map(([, name]) => column(name));
  return `CASE WHEN num_nonnulls(${parts.join(', ')}) = 0 THEN 'null'::jsonb
               ELSE jsonb_build_object(${ADDRESS_PARTS.map(([key], i) => `'${key}', ${parts[i]}`).join(', ')}) END`;
}

/**
 * Stages the rows that would change a stored patient, with the patient's id and the version it
 * was read at: the update applies to that version only, so a patient someone changes meanwhile
 * (a staff correction) refuses the import instead of losing that change. Only the columns in the
 * file count: a column left out keeps the stored values. Returns how many rows.
 */
async function stageUpdates(trx: Knex.Transaction, columns: PatientColumn[]): Promise<number> {
  const fields = fieldsOf(columns);
  const { rowCount } = await trx.raw<{ rowCount: number }>(`
    CREATE TEMP TABLE patient_import_updates ON COMMIT DROP AS
    SELECT stored.id AS patient_id, stored.version, staged.*
      FROM patient_import staged
      JOIN patients stored ON stored.mrn = staged.mrn
     WHERE ${rowOf('stored', fields)} IS DISTINCT FROM ${rowOf('staged', fields)}`);
  await trx.raw('ANALYZE patient_import_updates');
  return rowCount;
}

/**
 * One row per demographic field an update changes, with its old and new value and, when the
 * field's latest history row came from staff after the extract (or, without an extract time,
 * from anyone but an import), when and how: such a field is a conflict, listed for every row
 * that updates its patient whatever value the file gives it.
 */
async function findFieldChanges(trx: Knex.Transaction, columns: PatientColumn[], extractedAt: Date | null): Promise<void> {
  // A field of several columns (the address) takes the stored value of those the file leaves out.
  const newColumn = (name: string) => (columns.includes(name as PatientColumn) ? `staged.${name}` : `stored.${name}`);
  const values = fieldsIn(columns).map(
    (field, position) => `(${position}, '${field}', ${fieldJson(field, (name) => `stored.${name}`)}, ${fieldJson(field, newColumn)})`,
  );
  await trx.raw(`
    CREATE TEMP TABLE patient_import_changes (
      line integer NOT NULL,
      mrn text NOT NULL,
      patient_id bigint NOT NULL,
      version integer NOT NULL,
      position integer NOT NULL,
      field text NOT NULL,
      old_value jsonb,
      new_value jsonb,
      staff_changed_at timestamptz,
      staff_source text
    ) ON COMMIT DROP`);
  await trx.raw(
    `INSERT INTO patient_import_changes
     SELECT staged.line, staged.mrn, staged.patient_id, staged.version, change.position, change.field, change.old_value, change.new_value,
            staff.changed_at, staff.source
       FROM patient_import_updates staged
       JOIN patients stored ON stored.id = staged.patient_id
      CROSS JOIN LATERAL (VALUES ${values.join(',\n')}) change (position, field, old_value, new_value)
       LEFT JOIN LATERAL (
             SELECT history.changed_at, history.source
               FROM patient_field_history history
              WHERE history.patient_id = staged.patient_id AND history.field = change.field
              ORDER BY history.changed_at DESC, history.id DESC
              LIMIT 1) staff
         ON staff.source <> 'import' AND (?::timestamptz IS NULL OR staff.changed_at > ?::timestamptz)
      -- A field staff changed is listed whether or not the file's value differs: a listing that
      -- depended on the value would let an importer (who may not read patients) test guesses.
      WHERE change.old_value IS DISTINCT FROM change.new_value OR staff.changed_at IS NOT NULL`,
    [extractedAt, extractedAt],
  );
}

/** How many fields conflict, and the first of them by line. */
async function readConflicts(trx: Knex.Transaction): Promise<{ conflicted: number; conflicts: FieldConflict[] }> {
  const { rows } = await trx.raw<{ rows: (FieldConflict & { total: string })[] }>(`
    SELECT line, mrn, field, staff_changed_at AS "changedAt", staff_source AS source, count(*) OVER () AS total
      FROM patient_import_changes
     WHERE staff_changed_at IS NOT NULL
     ORDER BY line, position
     LIMIT ${CONFLICTS_KEPT}`);
  return { conflicted: Number(rows[0]?.total ?? 0), conflicts: rows.map(({ total: _total, ...conflict }) => conflict) };
}

/**
 * Puts the stored value back into the staged update of every conflicting field, so the merge
 * leaves it alone, and unstages the updates that had nothing else to change. Returns how many.
 */
async function keepStaffValues(trx: Knex.Transaction, columns: PatientColumn[]): Promise<number> {
  const kept = columnsOfFields(fieldsIn(columns), columns);
  const fieldOf = (column: PatientColumn) => IMPORTED_FIELDS.find((field) => FIELD_COLUMNS[field].includes(column))!;
  await trx.raw(`
    UPDATE patient_import_updates staged
       SET ${kept.map((column) => `${column} = CASE WHEN '${fieldOf(column)}' = ANY (conflicts.fields) THEN stored.${column} ELSE staged.${column} END`).join(',\n           ')}
      FROM patients stored,
           (SELECT line, array_agg(field) AS fields FROM patient_import_changes WHERE staff_changed_at IS NOT NULL GROUP BY line) conflicts
     WHERE conflicts.line = staged.line AND stored.id = staged.patient_id`);
  const fields = fieldsOf(columns);
  const { rowCount } = await trx.raw<{ rowCount: number }>(`
    DELETE FROM patient_import_updates staged
     USING patients stored
     WHERE stored.id = staged.patient_id
       AND staged.line IN (SELECT line FROM patient_import_changes WHERE staff_changed_at IS NOT NULL)
       AND ${rowOf('stored', fields)} IS NOT DISTINCT FROM ${rowOf('staged', fields)}`);
  return rowCount;
}

/** How many staged rows are new MRNs. */
async function countNewPatients(trx: Knex.Transaction): Promise<number> {
  const { rows } = await trx.raw<{ rows: { count: string }[] }>(
    'SELECT count(*) FROM patient_import staged WHERE NOT EXISTS (SELECT FROM patients stored WHERE stored.mrn = staged.mrn)',
  );
  return Number(rows[0].count);
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
       FROM patient_import_updates staged
       JOIN patients stored ON stored.id = staged.patient_id`,
    [...who.bindings, options.fileName],
  );
}

/** One history row per field an update changes, conflicts left out, dated with the patient's new version. */
async function recordFieldHistory(trx: Knex.Transaction, options: ImportOptions, now: Date): Promise<void> {
  await trx.raw(
    `INSERT INTO patient_field_history (patient_id, field, old_value, new_value, changed_at, changed_by, source, reason, version)
     SELECT patient_id, field, old_value, new_value, ?, ?, 'import', ?, version + 1
       FROM patient_import_changes
      WHERE staff_changed_at IS NULL`,
    [now, options.actor.staffUserId, `EHR import ${options.fileName}`],
  );
}

/**
 * Updates the changed patients (only those: an unchanged one keeps its updated_at and version),
 * then inserts the new MRNs. Two plain statements rather than one INSERT ... ON CONFLICT DO
 * UPDATE: measured on a million new patients, ON CONFLICT's speculative insertion took 57 s
 * against 27 s, and it locks (and so rewrites) every unchanged row too. Should someone else
 * write one of these patients or MRNs between the comparison and the merge, the counts would no
 * longer be true, so the import is refused instead.
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
    if (expected.updates > 0) {
      await auditChangedPatients(trx, fields, options, now);
      await recordFieldHistory(trx, options, now);
    }
    // Only the version each row was compared at: a patient changed since is not overwritten.
    const updated = await trx.raw<{ rowCount: number }>(
      `UPDATE patients SET ${fields.map((field) => `${field} = staged.${field}`).join(', ')}, version = patients.version + 1, updated_at = ?
         FROM patient_import_updates staged
        WHERE patients.id = staged.patient_id
          AND patients.version = staged.version`,
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
