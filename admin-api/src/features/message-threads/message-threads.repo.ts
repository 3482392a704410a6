import type { Knex } from '@portaldesk/db';
import type { MessageTopic } from './message-topics.ts';
import { likeLiteral, type SortOrder } from '../../lib/list-query.ts';
import type { MessageKind, MessageThreadFilter, ThreadStatus } from './message-threads.schema.ts';

type Db = Knex | Knex.Transaction;

export interface ThreadRow {
  id: number;
  patient_id: number;
  portal_account_id: number;
  patient_family_name: string;
  patient_given_name: string;
  patient_mrn: string;
  topic: MessageTopic;
  subject: string;
  guarantor_account_id: number | null;
  guarantor_account_number: string | null;
  status: ThreadStatus;
  assignee_id: number | null;
  assignee_name: string | null;
  received_at: Date;
  clock_started_at: Date | null;
  business_minutes_used: number;
  due_at: Date | null;
  first_response_at: Date | null;
  first_response_business_minutes: number | null;
  last_message_at: Date;
  last_message_from: 'patient' | 'staff';
  closed_at: Date | null;
  version: number;
}

function threads(knex: Db) {
  return knex('message_threads as t')
    .join('patients as p', 'p.id', 't.patient_id')
    .leftJoin('guarantor_accounts as g', 'g.id', 't.guarantor_account_id')
    .leftJoin('staff_users as a', 'a.id', 't.assignee_id')
    .select(
      't.id',
      't.patient_id',
      't.portal_account_id',
      'p.family_name as patient_family_name',
      'p.given_name as patient_given_name',
      'p.mrn as patient_mrn',
      't.topic',
      't.subject',
      't.guarantor_account_id',
      'g.account_number as guarantor_account_number',
      't.status',
      't.assignee_id',
      'a.display_name as assignee_name',
      't.received_at',
      't.clock_started_at',
      't.business_minutes_used',
      't.due_at',
      't.first_response_at',
      't.first_response_business_minutes',
      't.last_message_at',
      // The last word the patient can see: notes are staff's own.
      knex.raw(`COALESCE((
        SELECT CASE WHEN m.kind = 'patient' THEN 'patient' ELSE 'staff' END FROM thread_messages m
        WHERE m.thread_id = t.id AND m.kind <> 'internal_note' ORDER BY m.id DESC LIMIT 1), 'patient') AS last_message_from`),
      't.closed_at',
      't.version',
    );
}

const RUNNING: ThreadStatus[] = ['new', 'open'];

interface Scope {
  /** The topics the caller may read: nothing else is ever selected. */
  topics: readonly MessageTopic[];
  /** The caller, for `assignee_id: 'me'`. */
  staffUserId: number | null;
  now: Date;
}

function applyFilter(builder: Knex.QueryBuilder, filter: MessageThreadFilter, scope: Scope): Knex.QueryBuilder {
  builder.whereIn('t.topic', scope.topics);
  if (filter.topic) builder.where('t.topic', filter.topic);
  if (filter.status !== undefined) builder.whereIn('t.status', Array.isArray(filter.status) ? filter.status : [filter.status]);
  if (filter.assignee_id === null) builder.whereNull('t.assignee_id');
  else if (filter.assignee_id === 'me') builder.where('t.assignee_id', scope.staffUserId ?? 0);
  else if (filter.assignee_id !== undefined) builder.where('t.assignee_id', filter.assignee_id);
  if (filter.patient_id) builder.where('t.patient_id', filter.patient_id);
  if (filter.id) builder.whereIn('t.id', filter.id);
  // Overdue: the clock runs (new or open) and its deadline has passed.
  if (filter.overdue === true) builder.whereIn('t.status', RUNNING).where('t.due_at', '<', scope.now);
  if (filter.overdue === false) builder.where((inner) => inner.whereNotIn('t.status', RUNNING).orWhereNull('t.due_at').orWhere('t.due_at', '>=', scope.now));
  if (filter.q) {
    const q = filter.q;
    const [family, given] = q.split(',').map((part) => part.trim());
    builder.where((inner) => {
      // An MRN may be stored in lower case: compared without case.
      inner.whereRaw("t.subject ILIKE ? ESCAPE '\\'", [`%${likeLiteral(q)}%`]).orWhereRaw('upper(p.mrn) = upper(?)', [q]);
      if (family)
        inner.orWhere((name) => {
          name.whereRaw("patient_name_key(?) <> '' AND p.family_name_key LIKE patient_name_key(?) || '%'", [family, family]);
          if (given) name.whereRaw("p.given_name_key LIKE patient_name_key(?) || '%'", [given]);
        });
    });
  }
  return builder;
}

/** A page of the threads of the caller's topics, due soonest first by default (paused and closed ones last). */
export async function listThreads(
  knex: Knex,
  filter: MessageThreadFilter,
  scope: Scope,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<ThreadRow[]> {
  if (!scope.topics.length) return [];
  const direction = sort.order === 'ASC' ? 'ASC' : 'DESC';
  const rows = applyFilter(threads(knex), filter, scope);
  if (sort.field === 'due_at') rows.orderByRaw(`t.due_at ${direction} NULLS LAST`).orderBy('t.received_at', direction.toLowerCase() as 'asc' | 'desc');
  if (sort.field === 'received_at') rows.orderBy('t.received_at', direction.toLowerCase() as 'asc' | 'desc');
  if (sort.field === 'last_message_at') rows.orderBy('t.last_message_at', direction.toLowerCase() as 'asc' | 'desc');
  return rows
    .orderBy('t.id', direction.toLowerCase() as 'asc' | 'desc')
    .offset(offset)
    .limit(limit);
}

export async function countThreads(knex: Knex, filter: MessageThreadFilter, scope: Scope): Promise<number> {
  if (!scope.topics.length) return 0;
  const [{ count }] = await applyFilter(knex('message_threads as t').join('patients as p', 'p.id', 't.patient_id'), filter, scope).count<{ count: number }[]>({
    count: '*',
  });
  return Number(count);
}

/** One thread; `lock` takes its row (and only its row) FOR UPDATE until the transaction ends. */
export async function findThread(knex: Db, id: number, { lock = false } = {}): Promise<ThreadRow | undefined> {
  const row = threads(knex).where('t.id', id).first();
  if (lock) row.forUpdate('t');
  return row;
}

export interface MessageRow {
  id: number;
  kind: MessageKind;
  body: string;
  author_staff_id: number | null;
  author_name: string | null;
  saved_reply_id: number | null;
  created_at: Date;
}

/** A thread's messages in order; internal notes only when `notes` says so (never for the portal). */
export async function listMessages(knex: Db, threadIds: number[], { notes }: { notes: boolean }): Promise<(MessageRow & { thread_id: number })[]> {
  if (!threadIds.length) return [];
  const rows = knex('thread_messages as m')
    .leftJoin('staff_users as s', 's.id', 'm.author_staff_id')
    .select('m.id', 'm.thread_id', 'm.kind', 'm.body', 'm.author_staff_id', 's.display_name as author_name', 'm.saved_reply_id', 'm.created_at')
    .whereIn('m.thread_id', threadIds)
    .orderBy('m.id');
  if (!notes) rows.whereNot('m.kind', 'internal_note');
  return rows;
}

export async function insertMessage(
  trx: Knex.Transaction,
  message: { threadId: number; kind: MessageKind; body: string; authorStaffId: number | null; savedReplyId?: number | null; at: Date },
): Promise<number> {
  const [{ id }] = await trx('thread_messages')
    .insert({
      thread_id: message.threadId,
      kind: message.kind,
      body: message.body,
      author_staff_id: message.authorStaffId,
      saved_reply_id: message.savedReplyId ?? null,
      created_at: message.at,
    })
    .returning('id');
  return Number(id);
}

export interface NewThread {
  patientId: number;
  portalAccountId: number;
  topic: MessageTopic;
  subject: string;
  guarantorAccountId: number | null;
  receivedAt: Date;
  dueAt: Date;
}

export async function insertThread(trx: Knex.Transaction, thread: NewThread): Promise<number> {
  const [{ id }] = await trx('message_threads')
    .insert({
      patient_id: thread.patientId,
      portal_account_id: thread.portalAccountId,
      topic: thread.topic,
      subject: thread.subject,
      guarantor_account_id: thread.guarantorAccountId,
      status: 'new',
      received_at: thread.receivedAt,
      clock_started_at: thread.receivedAt,
      business_minutes_used: 0,
      due_at: thread.dueAt,
      last_message_at: thread.receivedAt,
    })
    .returning('id');
  return Number(id);
}

export type ThreadChanges = Partial<{
  status: ThreadStatus;
  assignee_id: number | null;
  clock_started_at: Date | null;
  business_minutes_used: number;
  due_at: Date | null;
  first_response_at: Date;
  first_response_business_minutes: number;
  last_message_at: Date;
  closed_at: Date | null;
  closed_by: number | null;
  version: number;
}>;

export async function updateThread(trx: Knex.Transaction, id: number, changes: ThreadChanges): Promise<void> {
  if (Object.keys(changes).length) await trx('message_threads').where({ id }).update(changes);
}

/** Announces (or renews) that `staffUserId` is writing a reply, until `until`. */
export async function upsertDrafter(knex: Db, threadId: number, staffUserId: number, until: Date): Promise<void> {
  await knex('thread_drafters').insert({ thread_id: threadId, staff_user_id: staffUserId, until }).onConflict(['thread_id', 'staff_user_id']).merge(['until']);
}

export async function deleteDrafter(knex: Db, threadId: number, staffUserId: number): Promise<void> {
  await knex('thread_drafters').where({ thread_id: threadId, staff_user_id: staffUserId }).delete();
}

/** Who besides `exceptStaffUserId` is writing a reply to the thread at `now`. */
export async function listDrafters(knex: Db, threadId: number, exceptStaffUserId: number | null, now: Date) {
  const rows: { staff_user_id: number; name: string; until: Date }[] = await knex('thread_drafters as d')
    .join('staff_users as s', 's.id', 'd.staff_user_id')
    .select('d.staff_user_id', 's.display_name as name', 'd.until')
    .where('d.thread_id', threadId)
    .where('d.until', '>', now)
    .whereNot('d.staff_user_id', exceptStaffUserId ?? 0)
    .orderBy('s.display_name');
  return rows;
}

export interface PortalAccountRow {
  account_id: number;
  status: 'active' | 'locked' | 'deactivated';
  patient_id: number;
}

/** A portal account by username (any case). */
export async function findPortalAccount(knex: Db, username: string): Promise<PortalAccountRow | undefined> {
  return knex('portal_accounts').first('id as account_id', 'status', 'patient_id').where({ username });
}

/** The open guarantor account numbered `accountNumber` that `patientId` is on, if any. */
export async function findOpenGuarantorAccountOf(knex: Db, accountNumber: string, patientId: number): Promise<{ id: number } | undefined> {
  return knex('guarantor_accounts as g')
    .join('guarantor_account_patients as gp', 'gp.guarantor_account_id', 'g.id')
    .first('g.id')
    .where({ 'g.account_number': accountNumber, 'gp.patient_id': patientId })
    .whereNull('g.closed_at');
}

/** The threads a portal account started, newest first. */
export async function listThreadsOfAccount(knex: Db, portalAccountId: number) {
  const rows: {
    id: number;
    topic: MessageTopic;
    subject: string;
    status: ThreadStatus;
    guarantor_account_number: string | null;
    received_at: Date;
  }[] = await knex('message_threads as t')
    .leftJoin('guarantor_accounts as g', 'g.id', 't.guarantor_account_id')
    .select('t.id', 't.topic', 't.subject', 't.status', 'g.account_number as guarantor_account_number', 't.received_at')
    .where('t.portal_account_id', portalAccountId)
    .orderBy('t.received_at', 'desc')
    .orderBy('t.id', 'desc');
  return rows;
}

/** A thread of this portal account by id, if it is theirs, locked for the patient's reply. */
export async function lockThreadOfAccount(trx: Knex.Transaction, id: number, portalAccountId: number): Promise<ThreadRow | undefined> {
  return threads(trx).where({ 't.id': id, 't.portal_account_id': portalAccountId }).first().forUpdate('t');
}

/** What a saved reply's placeholders may be filled with, for one thread. */
export async function findFillValues(knex: Db, threadId: number) {
  const row: {
    given_name: string;
    family_name: string;
    account_number: string | null;
    balance_cents: number | null;
    location_name: string | null;
    billing_phone: string | null;
  } = await knex('message_threads as t')
    .join('patients as p', 'p.id', 't.patient_id')
    .leftJoin('guarantor_accounts as g', 'g.id', 't.guarantor_account_id')
    .leftJoin('service_locations as l', 'l.id', 'g.service_location_id')
    .first('p.given_name', 'p.family_name', 'g.account_number', 'g.balance_cents', 'l.name as location_name', 'l.billing_phone')
    .where('t.id', threadId);
  return row;
}

export async function findStaffName(knex: Db, staffUserId: number | null): Promise<string | null> {
  if (staffUserId === null) return null;
  const row: { display_name: string } | undefined = await knex('staff_users').first('display_name').where({ id: staffUserId });
  return row?.display_name ?? null;
}

/** An active staff member with their roles, to check they may take a thread. */
export async function findActiveStaff(knex: Db, staffUserId: number): Promise<{ id: number; roles: string[] } | undefined> {
  const row: { id: number; roles: string[] | null } | undefined = await knex('staff_users as s')
    .first('s.id', knex.raw('(SELECT array_agg(r.role) FROM staff_user_roles r WHERE r.staff_user_id = s.id) AS roles'))
    .where({ 's.id': staffUserId, 's.active': true });
  return row && { id: row.id, roles: row.roles ?? [] };
}

/**
 * The active staff who hold `role`, by name, with all their roles: those a thread of that team's
 * topic may be assigned to (the service checks the roles as a reassignment does).
 */
export async function listActiveStaffWithRole(knex: Db, role: string): Promise<{ id: number; name: string; roles: string[] }[]> {
  const rows: { id: number; name: string; roles: string[] | null }[] = await knex('staff_users as s')
    .select('s.id', 's.display_name as name', knex.raw('(SELECT array_agg(r.role) FROM staff_user_roles r WHERE r.staff_user_id = s.id) AS roles'))
    .where('s.active', true)
    .whereExists(knex('staff_user_roles as h').select(knex.raw('1')).whereRaw('h.staff_user_id = s.id').where('h.role', role))
    .orderBy('s.display_name')
    .orderBy('s.id');
  return rows.map((row) => ({ id: row.id, name: row.name, roles: row.roles ?? [] }));
}

export async function findPatientEmail(knex: Db, patientId: number): Promise<string | null> {
  const row: { email: string | null } | undefined = await knex('patients').first('email').where({ id: patientId });
  return row?.email ?? null;
}

/** A saved reply's team, read under a share lock so it cannot be deleted while a message names it. */
export async function findSavedReplyTeam(trx: Knex.Transaction, id: number): Promise<string | undefined> {
  const row: { team: string } | undefined = await trx('saved_replies').first('team').where({ id }).forShare();
  return row?.team;
}

export interface LastChangeRow {
  action: 'reply' | 'edit' | 'portal-reply';
  staff_name: string | null;
  occurred_at: Date;
  details: Record<string, unknown> | null;
}

/**
 * The latest change to a thread that stepped its version (a staff reply, a change of status or
 * assignee, a patient's reply), as the audit trail recorded it: who and when, for a refused save.
 */
export async function findLastChange(knex: Db, threadId: number, patientId: number): Promise<LastChangeRow | undefined> {
  return (
    knex('audit_events as e')
      .leftJoin('staff_users as s', 's.id', 'e.staff_user_id')
      .first('e.action', 's.display_name as staff_name', 'e.occurred_at', 'e.details')
      .where({ 'e.patient_id': patientId, 'e.resource': 'message-threads', 'e.resource_id': String(threadId), 'e.outcome': 'success' })
      .whereIn('e.action', ['reply', 'edit', 'portal-reply'])
      // A save that changed nothing stepped no version: it is not what a stale save crossed.
      .whereRaw("e.details->>'unchanged' IS NULL")
      .orderBy('e.occurred_at', 'desc')
      .orderBy('e.id', 'desc')
  );
}

/** Each topic's threads now, by status, and how many of the running ones are past due. */
export async function countByStatus(knex: Db, topics: readonly MessageTopic[], now: Date) {
  if (!topics.length) return [];
  const rows: { topic: MessageTopic; new: number; open: number; waiting_on_patient: number; overdue: number }[] = await knex('message_threads')
    .select(
      'topic',
      knex.raw("count(*) FILTER (WHERE status = 'new')::integer AS new"),
      knex.raw("count(*) FILTER (WHERE status = 'open')::integer AS open"),
      knex.raw("count(*) FILTER (WHERE status = 'waiting_on_patient')::integer AS waiting_on_patient"),
      knex.raw("count(*) FILTER (WHERE status IN ('new', 'open') AND due_at < ?)::integer AS overdue", [now]),
    )
    .whereIn('topic', topics)
    .whereNot('status', 'closed')
    .groupBy('topic');
  return rows;
}

/**
 * Per topic and week (weeks start on Monday in `timeZone`) of receipt, from `from` until `until`:
 * threads received, those answered, and the median business minutes to the first staff reply.
 */
export async function weeklyFirstResponses(knex: Db, topics: readonly MessageTopic[], from: Date, until: Date, timeZone: string) {
  if (!topics.length) return [];
  const rows: { topic: MessageTopic; week_start: string; received: number; answered: number; median: number | null }[] = await knex('message_threads')
    .select(
      'topic',
      knex.raw('date_trunc(?, received_at AT TIME ZONE ?)::date AS week_start', ['week', timeZone]),
      knex.raw('count(*)::integer AS received'),
      knex.raw('count(first_response_at)::integer AS answered'),
      knex.raw('percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response_business_minutes) AS median'),
    )
    .whereIn('topic', topics)
    .where('received_at', '>=', from)
    .where('received_at', '<', until)
    .groupBy('topic', 'week_start');
  return rows;
}
