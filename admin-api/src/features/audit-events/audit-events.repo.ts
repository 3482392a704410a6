import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { AuditEventFilter } from './audit-events.schema.ts';

export interface AuditEventRow {
  id: number;
  occurred_at: Date;
  staff_user_id: number | null;
  staff_username: string | null;
  staff_display_name: string | null;
  roles: string[];
  action: string;
  resource: string;
  resource_id: string | null;
  patient_id: number | null;
  patient_name: string | null;
  patient_mrn: string | null;
  listed_count: number | null;
  client_address: string | null;
  request_id: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

function applyFilter(query: Knex.QueryBuilder, filter: AuditEventFilter): Knex.QueryBuilder {
  if (filter.staff_user_id) query.where('e.staff_user_id', filter.staff_user_id);
  if (filter.staff_username) query.where('e.staff_username', filter.staff_username);
  // A patient's rows: reads and changes of their record, and the listings that showed them.
  if (filter.patient_id) {
    const patientId = filter.patient_id;
    query.where((rows) => rows.where('e.patient_id', patientId).orWhereRaw('e.listed_patient_ids @> ARRAY[?]::bigint[]', [patientId]));
  }
  if (filter.action) query.where('e.action', filter.action);
  if (filter.resource) query.where('e.resource', filter.resource);
  if (filter.outcome) query.where('e.outcome', filter.outcome);
  if (filter.occurred_after) query.where('e.occurred_at', '>=', filter.occurred_after);
  if (filter.occurred_before) query.where('e.occurred_at', '<', filter.occurred_before);
  return query;
}

/** Audit rows with staff and patient names joined in. */
function auditQuery(knex: Knex): Knex.QueryBuilder {
  return knex('audit_events as e')
    .leftJoin('staff_users as s', 's.id', 'e.staff_user_id')
    .leftJoin('patients as p', 'p.id', 'e.patient_id')
    .select(
      'e.id',
      'e.occurred_at',
      'e.staff_user_id',
      'e.staff_username',
      's.display_name as staff_display_name',
      'e.roles',
      'e.action',
      'e.resource',
      'e.resource_id',
      'e.patient_id',
      knex.raw("CASE WHEN p.id IS NULL THEN NULL ELSE p.family_name || ', ' || p.given_name END AS patient_name"),
      'p.mrn as patient_mrn',
      knex.raw('cardinality(e.listed_patient_ids) AS listed_count'),
      knex.raw('host(e.client_address) AS client_address'),
      'e.request_id',
      'e.outcome',
      'e.details',
    );
}

/** A page of audit rows, newest first by default. */
export async function listAuditEvents(
  knex: Knex,
  filter: AuditEventFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<AuditEventRow[]> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const query = applyFilter(auditQuery(knex), filter);
  // By id is by order of writing; by time, ties keep that order.
  if (sort.field !== 'id') query.orderBy('e.occurred_at', direction);
  return query.orderBy('e.id', direction).offset(offset).limit(limit);
}

export async function findAuditEvent(knex: Knex, id: number): Promise<AuditEventRow | undefined> {
  return auditQuery(knex).where('e.id', id).first();
}

export async function countAuditEventsUpTo(knex: Knex, filter: AuditEventFilter, cap: number): Promise<number> {
  const inner = applyFilter(knex('audit_events as e').select(knex.raw('1')), filter).limit(cap + 1);
  const [{ count }] = await knex.from(inner.as('matches')).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

const EXPORT_BATCH_ROWS = 2_000;

/**
 * Every matching row, newest written first, fetched a batch at a time below the last id seen
 * (keyset paging on the id, whose order is the order of writing; timestamps carry microseconds
 * a JavaScript Date would round): an export never holds all rows in memory, nor a connection
 * while the client reads.
 */
export async function* allAuditEvents(knex: Knex, filter: AuditEventFilter): AsyncGenerator<AuditEventRow> {
  let lastId: number | undefined;
  for (;;) {
    const query = applyFilter(auditQuery(knex), filter).orderBy('e.id', 'desc').limit(EXPORT_BATCH_ROWS);
    if (lastId !== undefined) query.where('e.id', '<', lastId);
    const batch: AuditEventRow[] = await query;
    yield* batch;
    if (batch.length < EXPORT_BATCH_ROWS) return;
    lastId = batch[batch.length - 1].id;
  }
}
