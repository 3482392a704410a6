import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { isoInZone } from '../../lib/clock.ts';
import { toCsv } from '../../lib/csv.ts';
import { notFound } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import { countHistory, listHistory, allHistory, type HistoryRow } from '../demographics/demographics.repo.ts';
import { describeFieldValue, FIELD_LABELS } from '../demographics/value-sets.ts';
import type { DemographicField } from '../demographics/value-sets.ts';

const SOURCE_NAMES: Record<HistoryRow['source'], string> = {
  staff_correction: 'Staff correction',
  change_request: "Patient's change request",
  import: 'EHR import',
};

async function requirePatient(knex: Knex, actor: Actor, patientId: number, action: 'list' | 'export') {
  const patient = await knex('patients').first('id').where({ id: patientId });
  if (patient) return;
  await recordAudit(knex, actor, { action, resource: 'patient-history', resourceId: patientId, outcome: 'failed', details: { reason: 'not_found' } });
  throw notFound('Patient');
}

/** A page of a patient's demographic history, newest first unless asked otherwise; audited as a read of the patient. */
export async function browseHistory(knex: Knex, actor: Actor, patientId: number, list: ListQuery<{ field?: DemographicField }>) {
  await requirePatient(knex, actor, patientId, 'list');
  const order = list.sort.order === 'ASC' ? 'asc' : 'desc';
  const [rows, total] = await Promise.all([
    listHistory(knex, patientId, list.filter, order, list.offset, list.limit),
    countHistory(knex, patientId, list.filter),
  ]);
  await recordAudit(knex, actor, { action: 'list', resource: 'patient-history', patientId, details: { criteria: list.filter } });
  return { rows, total };
}

const EXPORT_HEADER = [
  'When',
  'Field',
  'Old value',
  'New value',
  'Old value (codes)',
  'New value (codes)',
  'Source',
  'Who',
  'Why',
  'Change request',
  'Document',
];

/**
 * A patient's whole demographic history as CSV, oldest first, for a compliance file: each value
 * in words and as stored, times in the organization's zone. The export is audited.
 */
export async function exportHistory(knex: Knex, actor: Actor, patientId: number, timeZone: string): Promise<string> {
  await requirePatient(knex, actor, patientId, 'export');
  const rows: HistoryRow[] = await allHistory(knex, patientId);
  await recordAudit(knex, actor, { action: 'export', resource: 'patient-history', patientId, details: { rows: rows.length } });
  return toCsv(
    EXPORT_HEADER,
    rows.map((row) => [
      isoInZone(row.changed_at, timeZone),
      FIELD_LABELS[row.field],
      describeFieldValue(row.field, row.old_value),
      describeFieldValue(row.field, row.new_value),
      JSON.stringify(row.old_value),
      JSON.stringify(row.new_value),
      SOURCE_NAMES[row.source],
      row.changed_by_name,
      row.reason,
      row.change_request_id,
      row.document_id,
    ]),
  );
}
