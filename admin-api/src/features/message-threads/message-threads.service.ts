import type { Knex } from '@portaldesk/db';
import { messageTopicsFor } from '../../auth/policy.ts';
import { MESSAGE_TEAMS, PLACEHOLDER_PATTERN, type MessageTopic, type SavedReplyPlaceholder } from './message-topics.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { BusinessCalendarStore } from '../../lib/business-calendar.ts';
import { addDays, businessMinutesBetween, startOfDayIn, type BusinessCalendar } from '../../lib/business-days.ts';
import { todayIn, type Clock } from '../../lib/clock.ts';
import { AppError, conflict, notFound, unprocessableEntity, type FieldErrors } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import { enqueueMessage } from '../../outbox/outbox.ts';
import { normalizedAccountNumber } from '../guarantor-accounts/guarantor-accounts.schema.ts';
import { listTeamSavedReplies } from '../saved-replies/saved-replies.repo.ts';
import { phoneDisplay } from '../service-locations/service-locations.schema.ts';
import { dueAtReceipt, minutesLeft, moveClock } from './message-threads.clock.ts';
import {
  countByStatus,
  countThreads,
  deleteDrafter,
  findActiveStaff,
  findFillValues,
  findLastChange,
  findOpenGuarantorAccountOf,
  findPatientEmail,
  findPortalAccount,
  findSavedReplyTeam,
  findStaffName,
  findThread,
  insertMessage,
  insertThread,
  listActiveStaffWithRole,
  listDrafters,
  listMessages,
  listThreads,
  listThreadsOfAccount,
  lockThreadOfAccount,
  updateThread,
  upsertDrafter,
  weeklyFirstResponses,
  type LastChangeRow,
  type ThreadChanges,
  type ThreadRow,
} from './message-threads.repo.ts';
import type { MessageThreadFilter, PortalMessageBody, PortalReplyBody, ThreadNoteBody, ThreadReplyBody, ThreadUpdateBody } from './message-threads.schema.ts';

export interface MessageThreadDeps {
  knex: Knex;
  calendar: BusinessCalendarStore;
  clock: Clock;
  jobs: JobQueue;
}

/** How long "I am writing a reply" holds without a renewal. */
export const DRAFTING_MS = 60_000;

/** Weeks the team dashboards chart, the current one last. */
export const STATS_WEEKS = 12;

/** What staff do to a thread, as its audit rows (and a refused attempt's) name it. */
type ThreadAction = 'show' | 'reply' | 'note' | 'edit' | 'draft' | 'fill-saved-replies';

const THREAD_NOT_FOUND = () => notFound('Message thread');

/**
 * The thread if it is of a topic the caller reads (`read`) or answers (`answer`); any other answers
 * 404 as if there were none, so another team's queue is not even told to exist. The attempt is
 * audited (under the patient when the thread exists: the privacy office sees who tried).
 */
async function scopedThread(deps: MessageThreadDeps, actor: Actor, id: number, mode: 'read' | 'answer', action: ThreadAction): Promise<ThreadRow> {
  const row = await findThread(deps.knex, id);
  if (row && messageTopicsFor(actor.roles, mode).includes(row.topic)) return row;
  await recordAudit(deps.knex, actor, {
    action,
    resource: 'message-threads',
    resourceId: id,
    patientId: row ? row.patient_id : null,
    outcome: row ? 'denied' : 'failed',
    details: { reason: row ? 'other_team' : 'not_found' },
  });
  throw THREAD_NOT_FOUND();
}

/** Whether someone holding `roles` answers `topic`'s threads: whom a thread may be assigned to. */
const answers = (roles: readonly string[], topic: MessageTopic) => messageTopicsFor(roles, 'answer').includes(topic);

const overdueAt = (row: ThreadRow, now: Date) => (row.status === 'new' || row.status === 'open') && row.due_at !== null && row.due_at.getTime() < now.getTime();

/** A thread as the queue lists it. */
function asRecord(row: ThreadRow, now: Date, calendar: BusinessCalendar) {
  return {
    id: row.id,
    patient_id: row.patient_id,
    patient_name: `${row.patient_family_name}, ${row.patient_given_name}`,
    patient_mrn: row.patient_mrn,
    topic: row.topic,
    team: MESSAGE_TEAMS[row.topic],
    subject: row.subject,
    guarantor_account_id: row.guarantor_account_id,
    guarantor_account_number: row.guarantor_account_number,
    status: row.status,
    assignee_id: row.assignee_id,
    assignee_name: row.assignee_name,
    received_at: row.received_at,
    due_at: row.due_at,
    overdue: overdueAt(row, now),
    business_minutes_left: minutesLeft(row, calendar),
    first_response_at: row.first_response_at,
    first_response_business_minutes: row.first_response_business_minutes,
    last_message_at: row.last_message_at,
    last_message_from: row.last_message_from,
    closed_at: row.closed_at,
    version: row.version,
  };
}

/** A thread as its team works it: the conversation with the notes among it, and who else is writing now. */
async function asDetail(db: Knex | Knex.Transaction, row: ThreadRow, viewerId: number | null, now: Date, calendar: BusinessCalendar) {
  const [messages, drafters] = await Promise.all([listMessages(db, [row.id], { notes: true }), listDrafters(db, row.id, viewerId, now)]);
  return {
    ...asRecord(row, now, calendar),
    patient_first_name: row.patient_given_name,
    messages: messages.map((message) => ({
      id: message.id,
      kind: message.kind,
      body: message.body,
      author: message.author_staff_id === null ? null : { id: message.author_staff_id, name: message.author_name ?? '' },
      saved_reply_id: message.saved_reply_id,
      created_at: message.created_at,
    })),
    replying: drafters.map((drafter) => ({
      staff_user_id: drafter.staff_user_id,
      name: drafter.name,
      since: new Date(drafter.until.getTime() - DRAFTING_MS),
    })),
  };
}

async function currentDetail(deps: MessageThreadDeps, actor: Actor, id: number) {
  const row = await findThread(deps.knex, id);
  if (!row) throw THREAD_NOT_FOUND();
  return asDetail(deps.knex, row, actor.staffUserId, deps.clock(), await deps.calendar.get());
}

/** The queue of the caller's topics; every patient listed finds the listing in their ledger. */
export async function browseThreads(deps: MessageThreadDeps, actor: Actor, list: ListQuery<MessageThreadFilter>) {
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const scope = { topics: messageTopicsFor(actor.roles, 'read'), staffUserId: actor.staffUserId, now };
  const [rows, total] = await Promise.all([
    listThreads(deps.knex, list.filter, scope, list.sort, list.offset, list.limit),
    countThreads(deps.knex, list.filter, scope),
  ]);
  // What was typed into the search box may be a patient's name: the ledger keeps only that there was one.
  const { q, ...criteria } = list.filter;
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'message-threads',
    patientId: list.filter.patient_id ?? null,
    listedPatientIds: [...new Set(rows.map((row) => row.patient_id))],
    details: { criteria, searched: q !== undefined },
  });
  return { rows: rows.map((row) => asRecord(row, now, calendar)), total };
}

/** One thread, read by its team or the privacy office: audited as a read of the patient. */
export async function showThread(deps: MessageThreadDeps, actor: Actor, id: number) {
  const row = await scopedThread(deps, actor, id, 'read', 'show');
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'message-threads', resourceId: id, patientId: row.patient_id });
  return asDetail(deps.knex, row, actor.staffUserId, deps.clock(), await deps.calendar.get());
}

const STATUS_WORDS: Record<string, string> = {
  open: 'set it to open',
  waiting_on_patient: 'set it to waiting on the patient',
  closed: 'closed it',
};

/** The latest change in words, for the person whose save it refused: "Dana Reyes replied at Dec 7, 2026, 10:42 AM". */
function describeChange(change: LastChangeRow | undefined, row: ThreadRow, timeZone: string): string {
  if (!change) return 'Someone changed this thread';
  const when = new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(change.occurred_at);
  const who = change.staff_name ?? 'Someone';
  if (change.action === 'portal-reply') return `The patient wrote again at ${when}`;
  if (change.action === 'reply') return `${who} replied at ${when}`;
  const details = (change.details ?? {}) as { status?: { from: string; to: string }; assignee_id?: { from: number | null; to: number | null } };
  const did: string[] = [];
  if (details.status) did.push(details.status.from === 'closed' && details.status.to === 'open' ? 'reopened it' : STATUS_WORDS[details.status.to]);
  if (details.assignee_id) did.push(details.assignee_id.to === null ? 'unassigned it' : `assigned it to ${row.assignee_name ?? 'someone'}`);
  return `${who} ${did.join(' and ') || 'changed it'} at ${when}`;
}

/**
 * The refusal of a reply or change written against an older version of the thread: who did
 * what first and when, with the thread as it is now (the winner's reply in it) in `details.thread`.
 */
async function threadChanged(deps: MessageThreadDeps, actor: Actor, id: number, action: 'reply' | 'edit'): Promise<AppError> {
  const calendar = await deps.calendar.get();
  const row = (await findThread(deps.knex, id))!;
  const change = await findLastChange(deps.knex, id, row.patient_id);
  const outcome =
    action === 'reply'
      ? 'Your reply was not sent: read the thread as it is now, then send it again if it still fits.'
      : 'Your change was not saved: the thread is shown as it is now.';
  await recordAudit(deps.knex, actor, {
    action,
    resource: 'message-threads',
    resourceId: id,
    patientId: row.patient_id,
    outcome: 'failed',
    details: { reason: 'thread_changed' },
  });
  return conflict(`${describeChange(change, row, calendar.timeZone)}, after you opened this thread. ${outcome}`, 'thread_changed', {
    thread: await asDetail(deps.knex, row, actor.staffUserId, deps.clock(), calendar),
  });
}

/**
 * A staff reply, sent to the portal. The version read must be current: of two staff answering at
 * once, the second is refused (409) and shown the first reply, and nothing of theirs is saved. The
 * first reply sets the first-response time; the thread then waits on the patient (the clock
 * pauses) unless the reply says open or closed. Whoever answers a thread nobody has taken takes
 * it. The patient is told through the outbox that there is a reply, never what it says.
 */
export async function replyToThread(deps: MessageThreadDeps, actor: Actor, id: number, body: ThreadReplyBody) {
  const thread = await scopedThread(deps, actor, id, 'answer', 'reply');
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const target = body.status ?? 'waiting_on_patient';
  const savedReplyId = body.saved_reply_id ?? null;
  const outcome = await deps.knex.transaction(async (trx): Promise<'sent' | 'thread_changed' | 'saved_reply_unknown'> => {
    const row = (await findThread(trx, id, { lock: true }))!;
    if (row.version !== body.version) return 'thread_changed';
    if (savedReplyId !== null && (await findSavedReplyTeam(trx, savedReplyId)) !== MESSAGE_TEAMS[row.topic]) return 'saved_reply_unknown';
    const messageId = await insertMessage(trx, { threadId: id, kind: 'staff_reply', body: body.body, authorStaffId: actor.staffUserId, savedReplyId, at: now });
    const changes: ThreadChanges = {
      ...moveClock(row, target, now, calendar),
      assignee_id: row.assignee_id ?? actor.staffUserId,
      last_message_at: now,
      version: row.version + 1,
    };
    if (target === 'closed' && row.status !== 'closed') changes.closed_by = actor.staffUserId;
    if (row.status === 'closed' && target !== 'closed') changes.closed_by = null;
    if (row.first_response_at === null) {
      changes.first_response_at = now;
      changes.first_response_business_minutes = businessMinutesBetween(row.received_at, now, calendar);
    }
    await updateThread(trx, id, changes);
    await deleteDrafter(trx, id, actor.staffUserId!);
    await enqueueMessage(trx, deps.jobs, {
      patientId: row.patient_id,
      kind: 'message_reply_notice',
      channel: 'email',
      recipient: await findPatientEmail(trx, row.patient_id),
      // Only that there is a reply: its words (and the subject) stay behind the portal's sign-in.
      payload: { thread_id: id },
      createdBy: actor.staffUserId,
      createdAt: now,
    });
    await recordAudit(trx, actor, {
      action: 'reply',
      resource: 'message-threads',
      resourceId: id,
      patientId: row.patient_id,
      details: {
        message_id: messageId,
        status: { from: row.status, to: target },
        first_response: row.first_response_at === null,
        saved_reply_id: savedReplyId,
      },
    });
    return 'sent';
  });
  if (outcome === 'thread_changed') throw await threadChanged(deps, actor, thread.id, 'reply');
  if (outcome === 'saved_reply_unknown') {
    // Written after the transaction, which wrote nothing: a refusal's row must outlive it.
    await recordAudit(deps.knex, actor, {
      action: 'reply',
      resource: 'message-threads',
      resourceId: id,
      patientId: thread.patient_id,
      outcome: 'failed',
      details: { reason: 'saved_reply_unknown', saved_reply_id: savedReplyId },
    });
    throw unprocessableEntity('saved_reply_unknown', { saved_reply_id: `is not a saved reply of the ${MESSAGE_TEAMS[thread.topic]} team` });
  }
  return currentDetail(deps, actor, id);
}

/**
 * An internal note: staff only, never shown to the patient, and no change to the version (a
 * note crosses nobody's reply). A note on a new thread opens it.
 */
export async function addNote(deps: MessageThreadDeps, actor: Actor, id: number, body: ThreadNoteBody) {
  await scopedThread(deps, actor, id, 'answer', 'note');
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  await deps.knex.transaction(async (trx) => {
    const row = (await findThread(trx, id, { lock: true }))!;
    const messageId = await insertMessage(trx, { threadId: id, kind: 'internal_note', body: body.body, authorStaffId: actor.staffUserId, at: now });
    if (row.status === 'new') await updateThread(trx, id, moveClock(row, 'open', now, calendar));
    await recordAudit(trx, actor, {
      action: 'note',
      resource: 'message-threads',
      resourceId: id,
      patientId: row.patient_id,
      details: { message_id: messageId },
    });
  });
  return currentDetail(deps, actor, id);
}

/**
 * Changes a thread's status or assignee (null unassigns): close, reopen (a fresh clock), wait on
 * the patient (the clock pauses), reassign to someone of the thread's team. The version read must
 * be current (409 thread_changed, as for a reply). Waiting on the patient needs a staff reply
 * first: until someone has asked them something, pausing the clock would only hide the thread.
 * Every refusal is audited under the patient with its reason. A change that changes nothing
 * answers 200 with the thread and is audited as the edit it was, marked `unchanged`.
 */
export async function changeThread(deps: MessageThreadDeps, actor: Actor, id: number, body: ThreadUpdateBody) {
  const thread = await scopedThread(deps, actor, id, 'answer', 'edit');
  // Written outside the change's transaction, which wrote nothing: a refusal's row must outlive it.
  const refused = async (code: string, details: Record<string, unknown>, fieldErrors: FieldErrors) => {
    await recordAudit(deps.knex, actor, {
      action: 'edit',
      resource: 'message-threads',
      resourceId: id,
      patientId: thread.patient_id,
      outcome: 'failed',
      details: { reason: code, ...details },
    });
    return unprocessableEntity(code, fieldErrors);
  };
  if (body.assignee_id != null) {
    const assignee = await findActiveStaff(deps.knex, body.assignee_id);
    if (!assignee || !answers(assignee.roles, thread.topic)) {
      throw await refused(
        'assignee_not_allowed',
        { assignee_id: body.assignee_id },
        { assignee_id: `is not an active member of the ${MESSAGE_TEAMS[thread.topic]} team` },
      );
    }
  }
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const outcome = await deps.knex.transaction(async (trx): Promise<'changed' | 'unchanged' | 'thread_changed' | 'not_asked_yet'> => {
    const row = (await findThread(trx, id, { lock: true }))!;
    if (row.version !== body.version) return 'thread_changed';
    let changes: ThreadChanges = {};
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    if (body.status !== undefined && body.status !== row.status) {
      if (body.status === 'waiting_on_patient' && row.first_response_at === null) return 'not_asked_yet';
      changes = { ...moveClock(row, body.status, now, calendar), closed_by: body.status === 'closed' ? actor.staffUserId : null };
      changed.status = { from: row.status, to: body.status };
    }
    if (body.assignee_id !== undefined && body.assignee_id !== row.assignee_id) {
      changes.assignee_id = body.assignee_id;
      changed.assignee_id = { from: row.assignee_id, to: body.assignee_id };
    }
    // Saving what is there already changes nothing and crosses nobody (the version stays), yet
    // it was an edit and the whole thread is answered: the ledger says so, and that nothing changed.
    if (!Object.keys(changed).length) {
      await recordAudit(trx, actor, { action: 'edit', resource: 'message-threads', resourceId: id, patientId: row.patient_id, details: { unchanged: true } });
      return 'unchanged';
    }
    await updateThread(trx, id, { ...changes, version: row.version + 1 });
    await recordAudit(trx, actor, { action: 'edit', resource: 'message-threads', resourceId: id, patientId: row.patient_id, details: changed });
    return 'changed';
  });
  if (outcome === 'thread_changed') throw await threadChanged(deps, actor, thread.id, 'edit');
  if (outcome === 'not_asked_yet') {
    throw await refused(
      'not_asked_yet',
      { status: body.status },
      { status: 'reply first: waiting on the patient pauses the clock only once they have been asked something' },
    );
  }
  return currentDetail(deps, actor, id);
}

/**
 * Whom the thread may be assigned to: the active members of its team, by name (the same check a
 * reassignment passes). Staff names are not patient data: the read is not audited; a refusal is,
 * as the refused reassignment (`edit`) it was the first step of.
 */
export async function threadAssignees(deps: MessageThreadDeps, actor: Actor, id: number) {
  const thread = await scopedThread(deps, actor, id, 'answer', 'edit');
  const staff = await listActiveStaffWithRole(deps.knex, MESSAGE_TEAMS[thread.topic]);
  return staff.filter((member) => answers(member.roles, thread.topic)).map((member) => ({ id: member.id, name: member.name }));
}

/**
 * "I am writing a reply": shown to the others who open the thread for the next minute, renewed
 * while the draft is open. Presence, not patient data: neither read nor change is audited.
 */
export async function markDrafting(deps: MessageThreadDeps, actor: Actor, id: number): Promise<void> {
  await scopedThread(deps, actor, id, 'answer', 'draft');
  await upsertDrafter(deps.knex, id, actor.staffUserId!, new Date(deps.clock().getTime() + DRAFTING_MS));
}

/** The draft was sent or dropped: no longer shown to others. */
export async function stopDrafting(deps: MessageThreadDeps, actor: Actor, id: number): Promise<void> {
  await scopedThread(deps, actor, id, 'answer', 'draft');
  await deleteDrafter(deps.knex, id, actor.staffUserId!);
}

const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** `text` with each placeholder this thread has a value for filled in; the others left as written and named. */
export function fillPlaceholders(text: string, values: Partial<Record<SavedReplyPlaceholder, string | null>>): { body: string; unfilled: string[] } {
  const unfilled = new Set<string>();
  const body = text.replace(PLACEHOLDER_PATTERN, (written, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name as SavedReplyPlaceholder] : undefined;
    if (value == null) {
      unfilled.add(name);
      return written;
    }
    return value;
  });
  return { body, unfilled: [...unfilled] };
}

/**
 * The saved replies of the thread's team, filled in for this thread: the patient's names, the
 * caller's name, and for billing the guarantor account's number, balance, location and its
 * billing phone. Audited as a read of the patient (the names are filled in).
 */
export async function fillSavedReplies(deps: MessageThreadDeps, actor: Actor, id: number) {
  const thread = await scopedThread(deps, actor, id, 'answer', 'fill-saved-replies');
  const [values, staffName, replies] = await Promise.all([
    findFillValues(deps.knex, id),
    findStaffName(deps.knex, actor.staffUserId),
    listTeamSavedReplies(deps.knex, MESSAGE_TEAMS[thread.topic]),
  ]);
  const filling: Record<SavedReplyPlaceholder, string | null> = {
    patient_first_name: values.given_name,
    patient_last_name: values.family_name,
    staff_name: staffName,
    account_number: values.account_number,
    balance: values.balance_cents === null ? null : dollars.format(values.balance_cents / 100),
    billing_phone: values.billing_phone === null ? null : phoneDisplay(values.billing_phone),
    location_name: values.location_name,
  };
  await recordAudit(deps.knex, actor, {
    action: 'fill-saved-replies',
    resource: 'message-threads',
    resourceId: id,
    patientId: thread.patient_id,
    details: { saved_replies: replies.length },
  });
  return replies.map((reply) => ({ id: reply.id, title: reply.title, ...fillPlaceholders(reply.body, filling) }));
}

/**
 * Each team's dashboard the caller may read: the queue now (new, open, waiting on the patient,
 * overdue) and, for each of the last 12 weeks (Mondays in the organization's time zone, the
 * current week last), threads received, those answered, and the median business minutes to the
 * first staff reply.
 */
export async function teamStats(deps: MessageThreadDeps, actor: Actor) {
  const topics = messageTopicsFor(actor.roles, 'read');
  const now = deps.clock();
  const { timeZone } = await deps.calendar.get();
  const today = todayIn(timeZone, now);
  const thisMonday = addDays(today, -((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7));
  const mondays = Array.from({ length: STATS_WEEKS }, (_, index) => addDays(thisMonday, (index - STATS_WEEKS + 1) * 7));
  const [counts, weekly] = await Promise.all([
    countByStatus(deps.knex, topics, now),
    weeklyFirstResponses(deps.knex, topics, startOfDayIn(mondays[0], timeZone), startOfDayIn(addDays(thisMonday, 7), timeZone), timeZone),
  ]);
  await recordAudit(deps.knex, actor, { action: 'stats', resource: 'message-threads', details: { topics } });
  return topics.map((topic: MessageTopic) => {
    const queue = counts.find((row) => row.topic === topic);
    return {
      team: MESSAGE_TEAMS[topic],
      topic,
      new: queue?.new ?? 0,
      open: queue?.open ?? 0,
      waiting_on_patient: queue?.waiting_on_patient ?? 0,
      overdue: queue?.overdue ?? 0,
      weeks: mondays.map((monday) => {
        const week = weekly.find((row) => row.topic === topic && row.week_start === monday);
        return {
          week_start: monday,
          received: week?.received ?? 0,
          answered: week?.answered ?? 0,
          median_first_response_business_minutes: week?.median ?? null,
        };
      }),
    };
  });
}

// --- The portal's side ---

/** What the portal does with threads, as its audit rows (and a refused attempt's) name it. */
type PortalAction = 'submit' | 'portal-read' | 'portal-reply';

/**
 * A refusal of the portal's request (422 `code`), audited first: failed, with its reason, under
 * the patient when the username named one (a refused request may be someone probing).
 */
async function portalRefusal(deps: MessageThreadDeps, actor: Actor, action: PortalAction, patientId: number | null, code: string, fieldErrors: FieldErrors) {
  await recordAudit(deps.knex, actor, { action, resource: 'message-threads', patientId, outcome: 'failed', details: { reason: code } });
  return unprocessableEntity(code, fieldErrors);
}

/** The refusal of a portal account that is not active. */
const inactiveAccount = (deps: MessageThreadDeps, actor: Actor, action: PortalAction, account: { patient_id: number; status: string }) =>
  portalRefusal(deps, actor, action, account.patient_id, 'account_inactive', { username: `is not an active portal account (it is ${account.status})` });

/** The portal account a username names, which must be active; a refusal is audited as `action`. */
async function activeAccount(deps: MessageThreadDeps, actor: Actor, username: string, action: PortalAction) {
  const account = await findPortalAccount(deps.knex, username);
  if (!account) throw await portalRefusal(deps, actor, action, null, 'account_unknown', { username: 'is not a portal account' });
  if (account.status !== 'active') throw await inactiveAccount(deps, actor, action, account);
  return account;
}

/**
 * A patient's new message from the portal, into its topic's queue, due 3 business days later. A
 * billing message names a guarantor account the patient is on and that is not closed (its number
 * typed with any case and spacing, as the guest lookup takes it); other topics name none. Naming
 * an account that is not an open one of theirs may be probing. Every refusal is audited, under the
 * patient once the username is known to be theirs (it is checked first). The subject and text are
 * stored, never logged or audited.
 */
export async function receivePortalMessage(deps: MessageThreadDeps, actor: Actor, body: PortalMessageBody) {
  const account = await activeAccount(deps, actor, body.username, 'submit');
  if (body.topic !== 'billing' && body.guarantorAccount !== undefined) {
    throw await portalRefusal(deps, actor, 'submit', account.patient_id, 'guarantor_account_not_allowed', {
      guarantorAccount: `must not be sent with a ${body.topic.replace('_', ' ')} message: only billing messages are about a guarantor account`,
    });
  }
  if (body.topic === 'billing' && body.guarantorAccount === undefined) {
    throw await portalRefusal(deps, actor, 'submit', account.patient_id, 'guarantor_account_required', {
      guarantorAccount: 'is required for a billing message: the number of the account it is about',
    });
  }
  let guarantorAccountId: number | null = null;
  if (body.guarantorAccount !== undefined) {
    const found = await findOpenGuarantorAccountOf(deps.knex, normalizedAccountNumber(body.guarantorAccount), account.patient_id);
    if (!found) {
      throw await portalRefusal(deps, actor, 'submit', account.patient_id, 'guarantor_account_unknown', {
        guarantorAccount: 'is not an open guarantor account this patient is on',
      });
    }
    guarantorAccountId = found.id;
  }
  const now = deps.clock();
  const dueAt = dueAtReceipt(now, await deps.calendar.get());
  const threadId = await deps.knex.transaction(async (trx) => {
    const id = await insertThread(trx, {
      patientId: account.patient_id,
      portalAccountId: account.account_id,
      topic: body.topic,
      subject: body.subject,
      guarantorAccountId,
      receivedAt: now,
      dueAt,
    });
    await insertMessage(trx, { threadId: id, kind: 'patient', body: body.body, authorStaffId: null, at: now });
    await recordAudit(trx, actor, {
      action: 'submit',
      resource: 'message-threads',
      resourceId: id,
      patientId: account.patient_id,
      details: { topic: body.topic },
    });
    return id;
  });
  return { threadId, dueAt };
}

/**
 * The patient answers in a thread of theirs: a thread waiting on them resumes its clock with the
 * time it had left (open again); a closed one reopens on a fresh clock. It steps the version, so a
 * staff reply written before it is refused and shows it. A reply to a thread that is not the
 * username's is one 404 whatever the reason, and audited: denied under the thread's patient
 * when the thread exists (someone tried another patient's thread), failed when it does not.
 */
export async function receivePortalReply(deps: MessageThreadDeps, actor: Actor, threadId: number, body: PortalReplyBody) {
  const account = await findPortalAccount(deps.knex, body.username);
  if (account && account.status !== 'active') throw await inactiveAccount(deps, actor, 'portal-reply', account);
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const answered = await deps.knex.transaction(async (trx) => {
    const row = account && (await lockThreadOfAccount(trx, threadId, account.account_id));
    if (!row) return undefined;
    const messageId = await insertMessage(trx, { threadId, kind: 'patient', body: body.body, authorStaffId: null, at: now });
    const target = row.status === 'new' ? 'new' : 'open';
    const changes: ThreadChanges = { ...moveClock(row, target, now, calendar), last_message_at: now, version: row.version + 1 };
    if (row.status === 'closed') changes.closed_by = null;
    await updateThread(trx, threadId, changes);
    await recordAudit(trx, actor, {
      action: 'portal-reply',
      resource: 'message-threads',
      resourceId: threadId,
      patientId: row.patient_id,
      details: { message_id: messageId, status: { from: row.status, to: target } },
    });
    return { messageId, status: target };
  });
  if (!answered) {
    // After the transaction, which wrote nothing: the refusal's row must outlive it.
    const tried = await findThread(deps.knex, threadId);
    await recordAudit(deps.knex, actor, {
      action: 'portal-reply',
      resource: 'message-threads',
      resourceId: threadId,
      patientId: tried ? tried.patient_id : null,
      outcome: tried ? 'denied' : 'failed',
      details: { reason: !tried ? 'not_found' : account ? 'other_account' : 'unknown_username' },
    });
    // Unknown username, unknown thread, or another patient's: one answer.
    throw THREAD_NOT_FOUND();
  }
  return answered;
}

/** The patient's threads, newest first, with every message of theirs and every staff reply: never a note. */
export async function portalThreadsOf(deps: MessageThreadDeps, actor: Actor, username: string) {
  const account = await activeAccount(deps, actor, username, 'portal-read');
  const threads = await listThreadsOfAccount(deps.knex, account.account_id);
  const messages = await listMessages(
    deps.knex,
    threads.map((thread) => thread.id),
    { notes: false },
  );
  await recordAudit(deps.knex, actor, {
    action: 'portal-read',
    resource: 'message-threads',
    patientId: account.patient_id,
    details: { threads: threads.length },
  });
  return {
    threads: threads.map((thread) => ({
      threadId: thread.id,
      topic: thread.topic,
      subject: thread.subject,
      status: thread.status,
      guarantorAccount: thread.guarantor_account_number,
      receivedAt: thread.received_at,
      messages: messages
        .filter((message) => message.thread_id === thread.id && message.kind !== 'internal_note')
        .map((message) =>
          message.kind === 'patient'
            ? { id: message.id, from: 'patient' as const, body: message.body, sentAt: message.created_at }
            : { id: message.id, from: 'staff' as const, staffName: message.author_name ?? '', body: message.body, sentAt: message.created_at },
        ),
    })),
  };
}
