import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { badRequest } from '../../lib/errors.ts';
import type { ListQuery, ListTotal } from '../../lib/list-query.ts';
import { countAuditEventsUpTo, listAuditEvents, type AuditEventRow } from './audit-events.repo.ts';
import type { AuditEventFilter } from './audit-events.schema.ts';

/** Audit lists count at most this far; beyond it, staff narrow the filter. */
export const AUDIT_COUNT_CAP = 10_000;

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
  const { filter, sort, offset, limit } = list;
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
  const rows = await listAuditEvents(knex, filter, sort.order, offset, limit);
  let total: ListTotal;
  if (rows.length < limit && (rows.length > 0 || offset === 0)) total = { exact: offset + rows.length };
  else {
    const counted = await countAuditEventsUpTo(knex, filter, AUDIT_COUNT_CAP);
    total = counted > AUDIT_COUNT_CAP ? { atLeast: AUDIT_COUNT_CAP } : { exact: counted };
  }
  return { rows, total };
}
