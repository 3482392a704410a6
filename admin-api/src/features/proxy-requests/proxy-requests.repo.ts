import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { AccessLevel, ProxyChecklist, ProxyKind, ProxyRelationship, ProxyRequestFilter, ProxyRequestStatus } from './proxy-requests.schema.ts';

type Db = Knex | Knex.Transaction;

export interface ProxyRequestRow {
  id: number;
  submitted_at: Date;
  status: ProxyRequestStatus;
  kind: ProxyKind;
  relationship: ProxyRelationship;
  note: string | null;
  requester_account_id: number;
  requester_username: string;
  requester_patient_id: number;
  requester_family_name: string;
  requester_given_name: string;
  patient_id: number | null;
  patient_family_name: string;
  patient_given_name: string;
  patient_date_of_birth: string;
  patient_mrn_given: string | null;
  patient_mrn: string | null;
  clock_started_at: Date | null;
  business_minutes_used: number;
  due_at: Date | null;
  assignee_id: number | null;
  assignee_name: string | null;
  question: string | null;
  question_asked_at: Date | null;
  decision_reason: string | null;
  checklist: ProxyChecklist | null;
  decided_at: Date | null;
  decided_by_name: string | null;
  relationship_id: number | null;
  documents: number;
  version: number;
}

function query(knex: Db) {
  return knex('proxy_requests as r')
    .join('portal_accounts as ra', 'ra.id', 'r.requester_account_id')
    .join('patients as rp', 'rp.id', 'ra.patient_id')
    .leftJoin('patients as p', 'p.id', 'r.patient_id')
    .leftJoin('staff_users as a', 'a.id', 'r.assignee_id')
    .leftJoin('staff_users as d', 'd.id', 'r.decided_by')
    .select(
      'r.id',
      'r.submitted_at',
      'r.status',
      'r.kind',
      'r.relationship',
      'r.note',
      'r.requester_account_id',
      'ra.username as requester_username',
      'ra.patient_id as requester_patient_id',
      'rp.family_name as requester_family_name',
      'rp.given_name as requester_given_name',
      'r.patient_id',
      'r.patient_family_name',
      'r.patient_given_name',
      'r.patient_date_of_birth',
      'r.patient_mrn as patient_mrn_given',
      'p.mrn as patient_mrn',
      'r.clock_started_at',
      'r.business_minutes_used',
      'r.due_at',
      'r.assignee_id',
      'a.display_name as assignee_name',
      'r.question',
      'r.question_asked_at',
      'r.decision_reason',
      'r.checklist',
      'r.decided_at',
      'd.display_name as decided_by_name',
      'r.relationship_id',
      knex.raw('(SELECT count(*)::integer FROM documents d WHERE d.proxy_request_id = r.id) AS documents'),
      'r.version',
    );
}

const OPEN: ProxyRequestStatus[] = ['submitted', 'more_info_requested'];

function applyFilter(builder: Knex.QueryBuilder, filter: ProxyRequestFilter, now: Date): Knex.QueryBuilder {
  if (filter.status) builder.where('r.status', filter.status);
  if (filter.open !== undefined) builder[filter.open ? 'whereIn' : 'whereNotIn']('r.status', OPEN);
  if (filter.kind) builder.where('r.kind', filter.kind);
  if (filter.assignee_id) builder.where('r.assignee_id', filter.assignee_id);
  if (filter.patient_id) builder.where('r.patient_id', filter.patient_id);
  // Overdue: the clock runs (submitted, not waiting on the requester) and its deadline has passed.
  if (filter.overdue === true) builder.where('r.due_at', '<', now);
  if (filter.overdue === false) builder.where((inner) => inner.whereNull('r.due_at').orWhere('r.due_at', '>=', now));
  return builder;
}

/** The queue, due soonest first by default; requests waiting on the requester (no due time) after the rest. */
export async function listProxyRequests(
  knex: Knex,
  filter: ProxyRequestFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
  now: Date,
): Promise<ProxyRequestRow[]> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const rows = applyFilter(query(knex), filter, now);
  if (sort.field === 'due_at') rows.orderByRaw(`r.due_at ${direction} NULLS LAST`);
  if (sort.field !== 'id') rows.orderBy('r.submitted_at', direction);
  return rows.orderBy('r.id', direction).offset(offset).limit(limit);
}

export async function countProxyRequests(knex: Knex, filter: ProxyRequestFilter, now: Date): Promise<number> {
  const [{ count }] = await applyFilter(knex('proxy_requests as r'), filter, now).count<{ count: number }[]>({ count: '*' });
  return Number(count);
}

export async function findProxyRequest(knex: Db, id: number, { lock = false } = {}): Promise<ProxyRequestRow | undefined> {
  const row = query(knex).where('r.id', id).first();
  // FOR UPDATE OF the request only: the joined rows are read, not changed.
  if (lock) row.forUpdate('r');
  return row;
}

export interface RequesterRow {
  account_id: number;
  username: string;
  status: 'active' | 'locked' | 'deactivated';
  activated_at: Date;
  patient_id: number;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  mrn: string;
}

/** A portal account with its holder's own patient record, by username (any case) or by id. */
export async function findRequester(knex: Db, by: { username: string } | { accountId: number }): Promise<RequesterRow | undefined> {
  return knex('portal_accounts as a')
    .join('patients as p', 'p.id', 'a.patient_id')
    .first('a.id as account_id', 'a.username', 'a.status', 'a.activated_at', 'a.patient_id', 'p.family_name', 'p.given_name', 'p.date_of_birth', 'p.mrn')
    .where('username' in by ? { 'a.username': by.username } : { 'a.id': by.accountId });
}

/** The relationship of this proxy and patient that is not ended and whose end date has not passed, if any. */
export async function findLiveRelationship(knex: Db, proxyAccountId: number, patientId: number, today: string): Promise<{ id: number } | undefined> {
  return knex('proxy_relationships')
    .first('id')
    .where({ proxy_account_id: proxyAccountId, patient_id: patientId })
    .whereNull('ended_at')
    .where((inner) => inner.whereNull('ends_on').orWhere('ends_on', '>=', today));
}

/** A request of this requester for this patient still waiting for a decision, if any. */
export async function findOpenRequest(knex: Db, requesterAccountId: number, patientId: number): Promise<{ id: number } | undefined> {
  return knex('proxy_requests').first('id').where({ requester_account_id: requesterAccountId, patient_id: patientId }).whereIn('status', OPEN);
}

export interface NewDocument {
  fileName: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  content: Buffer;
}

export async function insertDocuments(
  trx: Knex.Transaction,
  documents: NewDocument[],
  link: { patientId: number | null; proxyRequestId: number; receivedAt: Date; source: 'portal' | 'staff' },
): Promise<number[]> {
  if (!documents.length) return [];
  const rows: { id: number }[] = await trx('documents')
    .insert(
      documents.map((document) => ({
        patient_id: link.patientId,
        proxy_request_id: link.proxyRequestId,
        received_at: link.receivedAt,
        source: link.source,
        file_name: document.fileName,
        media_type: document.mediaType,
        bytes: document.bytes,
        sha256: document.sha256,
        content: document.content,
      })),
    )
    .returning('id');
  return rows.map((row) => row.id);
}

export interface DocumentSummaryRow {
  id: number;
  file_name: string;
  media_type: 'application/pdf' | 'image/png' | 'image/jpeg';
  bytes: number;
  sha256: string;
  received_at: Date;
}

export async function listRequestDocuments(knex: Db, proxyRequestId: number): Promise<DocumentSummaryRow[]> {
  return knex('documents')
    .select('id', 'file_name', 'media_type', 'bytes', 'sha256', 'received_at')
    .where({ proxy_request_id: proxyRequestId })
    .orderBy('received_at')
    .orderBy('id');
}

export interface RelationshipSummaryRow {
  id: number;
  access_level: AccessLevel;
  starts_on: string;
  ends_on: string | null;
}

export async function findRelationshipSummary(knex: Db, id: number): Promise<RelationshipSummaryRow | undefined> {
  return knex('proxy_relationships').first('id', 'access_level', 'starts_on', 'ends_on').where({ id });
}
