import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { FieldValue, PatientChangeableField } from '../demographics/value-sets.ts';
import type { ChangeRequestFilter } from './demographic-change-requests.schema.ts';

type Db = Knex | Knex.Transaction;

export interface ChangeRequestRow {
  id: number;
  patient_id: number;
  portal_account_id: number;
  patient_mrn: string;
  patient_name: string;
  patient_date_of_birth: string;
  portal_username: string;
  received_at: Date;
  due_at: Date;
  status: 'submitted' | 'reviewed';
  fields: PatientChangeableField[];
  reviewed_at: Date | null;
  reviewed_by_name: string | null;
  version: number;
}

export interface RequestedFieldRow {
  field: PatientChangeableField;
  value_at_request: FieldValue;
  requested_value: FieldValue;
  decision: 'pending' | 'accepted' | 'rejected';
  reason: string | null;
}

const requestQuery = (knex: Db) =>
  knex('demographic_change_requests as r')
    .join('patients as p', 'p.id', 'r.patient_id')
    .join('portal_accounts as a', 'a.id', 'r.portal_account_id')
    .leftJoin('staff_users as s', 's.id', 'r.reviewed_by')
    .select(
      'r.id',
      'r.patient_id',
      'r.portal_account_id',
      'p.mrn as patient_mrn',
      knex.raw("p.family_name || ', ' || p.given_name as patient_name"),
      'p.date_of_birth as patient_date_of_birth',
      'a.username as portal_username',
      'r.received_at',
      'r.due_at',
      'r.status',
      knex.raw('(SELECT array_agg(f.field ORDER BY f.field) FROM demographic_change_request_fields f WHERE f.request_id = r.id) as fields'),
      'r.reviewed_at',
      's.display_name as reviewed_by_name',
      'r.version',
    );

function applyFilter(query: Knex.QueryBuilder, filter: ChangeRequestFilter, now: Date): Knex.QueryBuilder {
  if (filter.status) query.where('r.status', filter.status);
  if (filter.patient_id) query.where('r.patient_id', filter.patient_id);
  if (filter.overdue === true) query.where('r.status', 'submitted').where('r.due_at', '<', now);
  if (filter.overdue === false) query.where((inner) => inner.whereNot('r.status', 'submitted').orWhere('r.due_at', '>=', now));
  return query;
}

export async function listChangeRequests(
  knex: Db,
  filter: ChangeRequestFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
  now: Date,
): Promise<ChangeRequestRow[]> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  return applyFilter(requestQuery(knex), filter, now).orderBy(`r.${sort.field}`, direction).orderBy('r.id', direction).offset(offset).limit(limit);
}

export async function countChangeRequests(knex: Db, filter: ChangeRequestFilter, now: Date): Promise<number> {
  const [{ count }] = await applyFilter(knex('demographic_change_requests as r'), filter, now).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

export async function findChangeRequest(knex: Db, id: number): Promise<ChangeRequestRow | undefined> {
  return requestQuery(knex).where('r.id', id).first();
}

/** The request's own row, locked until the transaction ends: reviews of one request queue here. */
export async function lockChangeRequest(
  trx: Knex.Transaction,
  id: number,
): Promise<{ id: number; patient_id: number; status: string; version: number } | undefined> {
  return trx('demographic_change_requests').first('id', 'patient_id', 'status', 'version').where({ id }).forUpdate();
}

export async function listRequestedFields(knex: Db, requestId: number): Promise<RequestedFieldRow[]> {
  return knex('demographic_change_request_fields')
    .select('field', 'value_at_request', 'requested_value', 'decision', 'reason')
    .where({ request_id: requestId })
    .orderBy('field');
}

export async function insertChangeRequest(
  trx: Knex.Transaction,
  request: { patientId: number; portalAccountId: number; receivedAt: Date; dueAt: Date },
  fields: { field: PatientChangeableField; valueAtRequest: FieldValue; requestedValue: FieldValue }[],
): Promise<number> {
  const [{ id }] = await trx('demographic_change_requests')
    .insert({ patient_id: request.patientId, portal_account_id: request.portalAccountId, received_at: request.receivedAt, due_at: request.dueAt })
    .returning('id');
  await trx('demographic_change_request_fields').insert(
    fields.map((field) => ({
      request_id: id,
      field: field.field,
      value_at_request: JSON.stringify(field.valueAtRequest),
      requested_value: JSON.stringify(field.requestedValue),
    })),
  );
  return id;
}

export async function recordDecisions(
  trx: Knex.Transaction,
  requestId: number,
  decisions: { field: PatientChangeableField; decision: 'accepted' | 'rejected'; reason: string | null }[],
  review: { reviewedAt: Date; reviewedBy: number; version: number },
): Promise<void> {
  for (const decision of decisions) {
    await trx('demographic_change_request_fields')
      .where({ request_id: requestId, field: decision.field })
      .update({ decision: decision.decision, reason: decision.reason });
  }
  await trx('demographic_change_requests')
    .where({ id: requestId })
    .update({ status: 'reviewed', reviewed_at: review.reviewedAt, reviewed_by: review.reviewedBy, version: review.version + 1 });
}

/** The patient's email, where the outcome is sent. */
export async function findPatientEmail(knex: Db, patientId: number): Promise<string | null> {
  const row = await knex('patients').first('email').where({ id: patientId });
  return row?.email ?? null;
}
