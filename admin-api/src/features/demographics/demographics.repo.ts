import type { Knex } from '@portaldesk/db';
import { columnsOf, DEMOGRAPHIC_COLUMNS } from './field-values.ts';
import type { DemographicField, FieldValue } from './value-sets.ts';

type Db = Knex | Knex.Transaction;

type DemographicsRow = Record<string, unknown> & { version: number };
const DEMOGRAPHICS_SELECT = ['id', 'version', 'deceased_date', ...DEMOGRAPHIC_COLUMNS];

/** A patient's demographic columns and version. */
export async function findPatientDemographics(knex: Db, patientId: number): Promise<DemographicsRow | undefined> {
  return knex('patients').first(DEMOGRAPHICS_SELECT).where({ id: patientId });
}

/** A patient's demographic columns and version, locked until the transaction ends. */
export async function lockPatientDemographics(trx: Knex.Transaction, patientId: number): Promise<DemographicsRow | undefined> {
  return trx('patients').first(DEMOGRAPHICS_SELECT).where({ id: patientId }).forUpdate();
}

export interface FieldChange {
  field: DemographicField;
  oldValue: FieldValue;
  newValue: FieldValue;
}

export interface ChangeOrigin {
  source: 'staff_correction' | 'change_request' | 'import';
  changedBy: number | null;
  changedAt: Date;
  reason: string | null;
  changeRequestId?: number;
  documentId?: number;
}

/**
 * Writes new values to a locked patient, raises its version once, and adds one history row per
 * field. Returns the new version.
 */
export async function applyFieldChanges(
  trx: Knex.Transaction,
  patientId: number,
  currentVersion: number,
  changes: readonly FieldChange[],
  origin: ChangeOrigin,
): Promise<number> {
  const version = currentVersion + 1;
  const columns = Object.assign({}, ...changes.map((change) => columnsOf(change.field, change.newValue))) as Record<string, unknown>;
  await trx('patients')
    .where({ id: patientId })
    .update({ ...columns, version, updated_at: origin.changedAt });
  await trx('patient_field_history').insert(
    changes.map((change) => ({
      patient_id: patientId,
      field: change.field,
      old_value: JSON.stringify(change.oldValue),
      new_value: JSON.stringify(change.newValue),
      changed_at: origin.changedAt,
      changed_by: origin.changedBy,
      source: origin.source,
      reason: origin.reason,
      change_request_id: origin.changeRequestId ?? null,
      document_id: origin.documentId ?? null,
      version,
    })),
  );
  return version;
}

export interface HistoryRow {
  id: number;
  patient_id: number;
  field: DemographicField;
  old_value: FieldValue;
  new_value: FieldValue;
  changed_at: Date;
  changed_by: number | null;
  changed_by_name: string | null;
  source: 'staff_correction' | 'change_request' | 'import';
  reason: string | null;
  change_request_id: number | null;
  document_id: number | null;
  version: number;
}

const historyQuery = (knex: Db, patientId: number) =>
  knex('patient_field_history as h')
    .leftJoin('staff_users as s', 's.id', 'h.changed_by')
    .select('h.*', 's.display_name as changed_by_name')
    .where('h.patient_id', patientId);

/** A page of a patient's history, newest first (ties in the order written). */
export async function listHistory(
  knex: Db,
  patientId: number,
  filter: { field?: DemographicField },
  order: 'asc' | 'desc',
  offset: number,
  limit: number,
): Promise<HistoryRow[]> {
  const query = historyQuery(knex, patientId);
  if (filter.field) query.where('h.field', filter.field);
  return query.orderBy('h.changed_at', order).orderBy('h.id', order).offset(offset).limit(limit);
}

export async function countHistory(knex: Db, patientId: number, filter: { field?: DemographicField }): Promise<number> {
  const query = knex('patient_field_history').where({ patient_id: patientId });
  if (filter.field) query.where({ field: filter.field });
  const [{ count }] = await query.count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

/** What changed after `version`: what a save started from an older copy would overwrite. */
export async function historyAfterVersion(knex: Db, patientId: number, version: number): Promise<HistoryRow[]> {
  return historyQuery(knex, patientId).where('h.version', '>', version).orderBy('h.id', 'asc');
}

/** Every history row of a patient, oldest first, for an export (one patient's: a few hundred rows at most). */
export function allHistory(knex: Db, patientId: number) {
  return historyQuery(knex, patientId).orderBy('h.changed_at', 'asc').orderBy('h.id', 'asc');
}
