import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { badRequest } from '../../lib/errors.ts';
import type { ListQuery, ListTotal } from '../../lib/list-query.ts';
import { isoInZone } from '../../lib/clock.ts';
import { csvLine } from '../../lib/csv.ts';
import { describeAuditEvent } from './audit-labels.ts';
import { countAuditEventsUpTo, listAuditEvents, allAuditEvents, type AuditEventRow } from './audit-events.repo.ts';
import type { AuditEventFilter } from './audit-events.schema.ts';

/** An export holds at most this many rows; a larger one is refused before anything is sent. */
export const AUDIT_EXPORT_CAP = 100_000;

/** Audit lists count at most this far; beyond it, staff narrow the filter. */
export const AUDIT_COUNT_CAP = 10_000;

/**
 * The filter with the patient named by MRN turned into the patient's id, which the rows carry.
 * An MRN nobody has is refused rather than searched: an empty list would read as "nobody looked".
 */
async function withPatientResolved(knex: Knex, filter: AuditEventFilter): Promise<AuditEventFilter> {
  if (!filter.patient_mrn) return filter;
  const patient = await knex('patients').first('id').where({ mrn: filter.patient_mrn });
  if (!patient) throw badRequest(`No patient has the MRN ${filter.patient_mrn}.`, { patient_mrn: 'No patient has this MRN. Check the number.' });
  if (filter.patient_id !== undefined && filter.patient_id !== patient.id) {
    throw badRequest('Filter by one patient at a time.', { patient_mrn: 'names another patient than the one already chosen' });
  }
  return { ...filter, patient_id: patient.id };
}

/**
 * Reads the audit trail. The read is itself audited: the rows name patients, so looking at
 * them is a look at patient data. `resource` says which screen asked.
 */
export async function browseAuditEvents(
  knex: Knex,
  actor: Actor,
  list: ListQuery<AuditEventFilter>,
  resource: 'audit-events' | 'patient-access-ledger',
): Promise<{ rows: AuditEventRow[]; total: ListTotal }> {
  const { sort, offset, limit } = list;
  const filter = await withPatientResolved(knex, list.filter);
  if (offset >= AUDIT_COUNT_CAP) {
    throw badRequest(`Only the first ${AUDIT_COUNT_CAP} rows can be paged through; narrow the filter (a time range, a staff user).`, {
      range: `starts beyond the first ${AUDIT_COUNT_CAP} rows`,
    });
  }
  await recordAudit(knex, actor, {
    action: 'list',
    resource,
    patientId: filter.patient_id ?? null,
    details: { criteria: filter },
  });
  const rows = await listAuditEvents(knex, filter, sort, offset, limit);
  let total: ListTotal;
  if (rows.length < limit && (rows.length > 0 || offset === 0)) total = { exact: offset + rows.length };
  else {
    const counted = await countAuditEventsUpTo(knex, filter, AUDIT_COUNT_CAP);
    total = counted > AUDIT_COUNT_CAP ? { atLeast: AUDIT_COUNT_CAP } : { exact: counted };
  }
  return { rows, total };
}

/** What happened in words first, as the screen says it; the codes after it for filtering and matching. */
const EXPORT_COLUMNS = [
  'occurred_at',
  'what_happened',
  'staff_username',
  'staff_display_name',
  'roles',
  'action',
  'resource',
  'resource_id',
  'patient_mrn',
  'patient_name',
  'outcome',
  'client_address',
  'request_id',
  'details',
] as const;

const exportCells = (row: AuditEventRow, timeZone: string) => [
  isoInZone(row.occurred_at, timeZone),
  describeAuditEvent(row),
  row.staff_username,
  row.staff_display_name,
  row.roles.join(' '),
  row.action,
  row.resource,
  row.resource_id,
  row.patient_mrn,
  row.patient_name,
  row.outcome,
  row.client_address,
  row.request_id,
  row.details ? JSON.stringify(row.details) : null,
];

/**
 * The audit rows matching `filter` as CSV lines, newest first, for an investigation file: each
 * row's sentence beside its codes, times in the organization's zone with their offset. The
 * export is audited with its criteria before the first line; a filter matching more than
 * AUDIT_EXPORT_CAP rows is refused (400) so that no export is silently cut short.
 */
export async function exportAuditEvents(knex: Knex, actor: Actor, criteria: AuditEventFilter, timeZone: string): Promise<AsyncIterable<string>> {
  const filter = await withPatientResolved(knex, criteria);
  const matching = await countAuditEventsUpTo(knex, filter, AUDIT_EXPORT_CAP);
  if (matching > AUDIT_EXPORT_CAP) {
    throw badRequest(`More than ${AUDIT_EXPORT_CAP.toLocaleString('en-US')} rows match; narrow the filter (a time range, a staff user) and export in parts.`, {
      filter: `matches more than ${AUDIT_EXPORT_CAP} rows`,
    });
  }
  await recordAudit(knex, actor, {
    action: 'export',
    resource: 'audit-events',
    patientId: filter.patient_id ?? null,
    details: { criteria: filter, rows: matching },
  });
  return (async function* lines() {
    yield csvLine(EXPORT_COLUMNS);
    for await (const row of allAuditEvents(knex, filter)) yield csvLine(exportCells(row, timeZone));
  })();
}
