import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { BusinessCalendarStore } from '../../lib/business-calendar.ts';
import { afterBusinessMinutes, businessDayMinutes, businessMinutesBetween, type BusinessCalendar } from '../../lib/business-days.ts';
import { ageOn, todayIn, type Clock } from '../../lib/clock.ts';
import { AppError, conflict, notFound, type FieldErrors } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { sentencesOf } from '../../lib/validation.ts';
import { findPatientIdsByNameAndBirthDate } from '../patients/patients.repo.ts';
import { ageTierOf } from '../proxy-relationships/proxy-relationships.repo.ts';
import {
  countProxyRequests,
  findLiveRelationship,
  findOpenRequest,
  findProxyRequest,
  findRelationshipSummary,
  findRequester,
  insertDocuments,
  listProxyRequests,
  listRequestDocuments,
  type NewDocument,
  type ProxyRequestRow,
} from './proxy-requests.repo.ts';
import type { ProxyDecisionBody, ProxyKind, ProxyRelationship, ProxyRequestBody, ProxyRequestFilter } from './proxy-requests.schema.ts';

export interface ProxyRequestDeps {
  knex: Knex;
  settings: SettingsStore;
  calendar: BusinessCalendarStore;
  clock: Clock;
}

/** DOMAIN: documents of 10 MB at most; a request carries a handful. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
// Held in memory while they are checked and stored: five of 10 MB bound what one request costs.
export const MAX_DOCUMENTS_PER_UPLOAD = 5;
const ADULT_AGE = 18;

/** Who may ask for a minor (a parent or guardian) and for an adult (a legal representative, or someone the patient authorizes). */
const RELATIONSHIPS_FOR: Record<ProxyKind, readonly ProxyRelationship[]> = {
  minor: ['parent', 'legal_guardian', 'court_appointed_guardian'],
  adult: ['power_of_attorney', 'health_care_proxy', 'legal_guardian', 'court_appointed_guardian', 'authorized_by_patient'],
};

const unprocessable = (code: string, errors: FieldErrors) => new AppError(422, code, sentencesOf(errors), errors);

const displayName = (family: string, given: string) => `${family}, ${given}`;

/** The business minutes a request of `kind` gets on the clock. */
async function allowedMinutes(deps: ProxyRequestDeps, kind: ProxyKind, calendar: BusinessCalendar): Promise<number> {
  const days = await deps.settings.get(kind === 'minor' ? 'proxy.minor_due_business_days' : 'proxy.adult_due_business_days');
  return days * businessDayMinutes(calendar);
}

/**
 * The patient the requester named: by MRN when given (and only if the name and birth date agree
 * with the record), else the one patient with that name and birth date; null when none or several.
 */
async function matchPatient(knex: Knex | Knex.Transaction, named: ProxyRequestBody['patient']): Promise<number | null> {
  const candidates = await findPatientIdsByNameAndBirthDate(knex, named, 2);
  if (named.mrn) {
    const byMrn = await knex('patients')
      .first('id')
      .where({ mrn: named.mrn.replace(/^MRN\s*/i, '').replace(/\s+/g, '') });
    return byMrn && candidates.includes(byMrn.id) ? byMrn.id : null;
  }
  return candidates.length === 1 ? candidates[0] : null;
}

/**
 * Receives a request from the portal: checks the requester (an active portal account, 18 or
 * older, not the patient), the relationship for a minor or an adult (minor or adult by the
 * patient's age today in the organization's zone), that no live relationship or open request of
 * this pair exists, and that an adult's request carries documents; then stores it and its
 * documents, with its due time on the business clock. Nothing is stored when anything is refused.
 */
export async function submitProxyRequest(deps: ProxyRequestDeps, actor: Actor, request: ProxyRequestBody, documents: NewDocument[]) {
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const today = todayIn(calendar.timeZone, now);
  const kind: ProxyKind = ageOn(request.patient.dateOfBirth, today) < ADULT_AGE ? 'minor' : 'adult';
  if (request.patient.dateOfBirth > today) throw unprocessable('invalid_patient', { 'patient.dateOfBirth': 'is in the future' });
  const minutes = await allowedMinutes(deps, kind, calendar);
  const dueAt = afterBusinessMinutes(now, minutes, calendar);

  const requester = await findRequester(deps.knex, { username: request.requesterUsername });
  if (!requester) throw unprocessable('requester_unknown', { requesterUsername: 'is not a portal account' });
  if (requester.status !== 'active')
    throw unprocessable('requester_inactive', { requesterUsername: `is not an active portal account (it is ${requester.status})` });
  if (ageOn(requester.date_of_birth, today) < ADULT_AGE)
    throw unprocessable('requester_minor', { requesterUsername: 'belongs to someone under 18: a proxy must be an adult' });
  if (!RELATIONSHIPS_FOR[kind].includes(request.relationship)) {
    throw unprocessable('relationship_not_allowed', {
      relationship:
        kind === 'minor'
          ? 'must be parent, legal_guardian or court_appointed_guardian for a patient under 18'
          : "cannot be parent for a patient of 18 or older: the patient's own authorization (authorized_by_patient) or a legal representative's document is needed",
    });
  }
  if (kind === 'adult' && !documents.length) {
    throw unprocessable('documents_required', {
      documents: 'are required for a patient of 18 or older: the signed proxy authorization form or the legal documents',
    });
  }

  return deps.knex.transaction(async (trx) => {
    // One request of a requester at a time: two sent at once cannot both pass the checks below.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?), ?::integer)', ['proxy-requests', requester.account_id]);
    const patientId = await matchPatient(trx, request.patient);
    const isTheRequester =
      patientId === requester.patient_id ||
      (patientId === null && (await findPatientIdsByNameAndBirthDate(trx, request.patient, 2)).includes(requester.patient_id));
    if (isTheRequester) throw unprocessable('requester_is_patient', { patient: 'is the requester: nobody is their own proxy' });
    if (patientId !== null) {
      if (await findLiveRelationship(trx, requester.account_id, patientId, today)) {
        throw unprocessable('relationship_exists', { patient: 'is already in the requester’s care: a live proxy relationship exists' });
      }
      const open = await findOpenRequest(trx, requester.account_id, patientId);
      if (open) throw unprocessable('request_open', { patient: `already has a request of this requester waiting for a decision (number ${open.id})` });
    }
    const [{ id }] = await trx('proxy_requests')
      .insert({
        submitted_at: now,
        requester_account_id: requester.account_id,
        patient_id: patientId,
        patient_family_name: request.patient.familyName,
        patient_given_name: request.patient.givenName,
        patient_date_of_birth: request.patient.dateOfBirth,
        patient_mrn: request.patient.mrn ?? null,
        relationship: request.relationship,
        kind,
        note: request.note ?? null,
        clock_started_at: now,
        due_at: dueAt,
      })
      .returning('id');
    const documentIds = await insertDocuments(trx, documents, { patientId, proxyRequestId: id, receivedAt: now, source: 'portal' });
    await recordAudit(trx, actor, {
      action: 'create',
      resource: 'proxy-requests',
      resourceId: id,
      patientId,
      details: { kind, relationship: request.relationship, documents: documentIds.length, matched: patientId !== null },
    });
    return { id: Number(id), status: 'submitted' as const, dueAt };
  });
}

/** A request as the portal shows it to the requester. */
async function forPortal(knex: Knex | Knex.Transaction, row: ProxyRequestRow) {
  const relationship = row.relationship_id === null ? undefined : await findRelationshipSummary(knex, row.relationship_id);
  return {
    id: row.id,
    status: row.status,
    submittedAt: row.submitted_at,
    dueAt: row.due_at,
    question: row.status === 'more_info_requested' ? row.question : null,
    reason: row.status === 'denied' ? row.decision_reason : null,
    relationship: relationship
      ? { id: relationship.id, accessLevel: relationship.access_level, startsOn: relationship.starts_on, endsOn: relationship.ends_on }
      : null,
    documents: row.documents,
  };
}

/** The portal reads a request's status, ROI's question or reason, and the access an approval created. */
export async function showProxyRequestToPortal(deps: ProxyRequestDeps, actor: Actor, id: number) {
  const row = await findProxyRequest(deps.knex, id);
  if (!row) throw notFound('Proxy request');
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'proxy-requests', resourceId: id, patientId: row.patient_id });
  return forPortal(deps.knex, row);
}

/**
 * The requester answers ROI's question with documents: they join the request and, if ROI was
 * waiting on them, the clock resumes with the working time it had left.
 */
export async function addRequestDocuments(deps: ProxyRequestDeps, actor: Actor, id: number, documents: NewDocument[]) {
  if (!documents.length) throw unprocessable('documents_required', { documents: 'are required: send at least one document' });
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const answered = await deps.knex.transaction(async (trx) => {
    const row = await findProxyRequest(trx, id, { lock: true });
    if (!row) throw notFound('Proxy request');
    if (row.status !== 'submitted' && row.status !== 'more_info_requested') {
      throw conflict(`This request is ${row.status.replace(/_/g, ' ')}: it takes no more documents.`, 'wrong_state');
    }
    await insertDocuments(trx, documents, { patientId: row.patient_id, proxyRequestId: id, receivedAt: now, source: 'portal' });
    if (row.status === 'more_info_requested') {
      const minutesLeft = Math.max(0, (await allowedMinutes(deps, row.kind, calendar)) - row.business_minutes_used);
      await trx('proxy_requests')
        .where({ id })
        .update({ status: 'submitted', clock_started_at: now, due_at: afterBusinessMinutes(now, minutesLeft, calendar), version: row.version + 1 });
    }
    await recordAudit(trx, actor, {
      action: 'add-documents',
      resource: 'proxy-requests',
      resourceId: id,
      patientId: row.patient_id,
      details: { documents: documents.length, resumed: row.status === 'more_info_requested' },
    });
    return (await findProxyRequest(trx, id))!;
  });
  return forPortal(deps.knex, answered);
}

const overdueAt = (row: ProxyRequestRow, now: Date) => row.due_at !== null && row.due_at.getTime() < now.getTime();

/** A row as ROI's queue lists it. */
function asRecord(row: ProxyRequestRow, now: Date) {
  return {
    id: row.id,
    submitted_at: row.submitted_at,
    status: row.status,
    kind: row.kind,
    relationship: row.relationship,
    requester_name: displayName(row.requester_family_name, row.requester_given_name),
    requester_username: row.requester_username,
    patient_id: row.patient_id,
    patient_name: displayName(row.patient_family_name, row.patient_given_name),
    patient_mrn: row.patient_mrn,
    due_at: row.due_at,
    overdue: overdueAt(row, now),
    assignee_id: row.assignee_id,
    assignee_name: row.assignee_name,
    documents: row.documents,
    version: row.version,
  };
}

/** ROI's queue, due soonest first; the patients it lists find the look in their ledgers. */
export async function browseProxyRequests(deps: ProxyRequestDeps, actor: Actor, list: ListQuery<ProxyRequestFilter>) {
  const now = deps.clock();
  const [rows, total] = await Promise.all([
    listProxyRequests(deps.knex, list.filter, list.sort, list.offset, list.limit, now),
    countProxyRequests(deps.knex, list.filter, now),
  ]);
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'proxy-requests',
    patientId: list.filter.patient_id ?? null,
    listedPatientIds: [...new Set(rows.flatMap((row) => [row.requester_patient_id, ...(row.patient_id === null ? [] : [row.patient_id])]))],
    details: { criteria: list.filter },
  });
  return { rows: rows.map((row) => asRecord(row, now)), total };
}

/** One request as ROI works it: requester and patient side by side, the documents, the decision so far. */
async function asCase(deps: ProxyRequestDeps, row: ProxyRequestRow) {
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const today = todayIn(calendar.timeZone, now);
  const requester = (await findRequester(deps.knex, { accountId: row.requester_account_id }))!;
  const onFile =
    row.patient_id === null
      ? undefined
      : await deps.knex('patients').first('family_name', 'given_name', 'date_of_birth', 'mrn', 'deceased_date').where({ id: row.patient_id });
  const relationship = row.relationship_id === null ? undefined : await findRelationshipSummary(deps.knex, row.relationship_id);
  const minutesLeft = row.status === 'more_info_requested' ? Math.max(0, (await allowedMinutes(deps, row.kind, calendar)) - row.business_minutes_used) : null;
  return {
    ...asRecord(row, now),
    note: row.note,
    requester: {
      family_name: requester.family_name,
      given_name: requester.given_name,
      date_of_birth: requester.date_of_birth,
      mrn: requester.mrn,
      age: ageOn(requester.date_of_birth, today),
      account_status: requester.status,
      account_since: requester.activated_at,
    },
    patient_as_named: {
      family_name: row.patient_family_name,
      given_name: row.patient_given_name,
      date_of_birth: row.patient_date_of_birth,
      mrn: row.patient_mrn_given,
    },
    patient_on_file: onFile
      ? {
          family_name: onFile.family_name,
          given_name: onFile.given_name,
          date_of_birth: onFile.date_of_birth,
          mrn: onFile.mrn,
          age: ageOn(onFile.date_of_birth, today),
          deceased: onFile.deceased_date !== null,
        }
      : null,
    question: row.question,
    question_asked_at: row.question_asked_at,
    decision_reason: row.decision_reason,
    checklist: row.checklist,
    decided_at: row.decided_at,
    decided_by_name: row.decided_by_name,
    business_minutes_left: minutesLeft,
    created_relationship: relationship
      ? { id: relationship.id, access_level: relationship.access_level, starts_on: relationship.starts_on, ends_on: relationship.ends_on }
      : null,
    document_list: await listRequestDocuments(deps.knex, row.id),
  };
}

/** One request, read by ROI or the privacy office: a read of the patient and of the requester, audited. */
export async function showProxyRequest(deps: ProxyRequestDeps, actor: Actor, id: number) {
  const row = await findProxyRequest(deps.knex, id);
  if (!row) throw notFound('Proxy request');
  await recordAudit(deps.knex, actor, {
    action: 'show',
    resource: 'proxy-requests',
    resourceId: id,
    patientId: row.patient_id,
    listedPatientIds: [row.requester_patient_id],
  });
  return asCase(deps, row);
}

const DONE = new Set(['approved', 'denied', 'withdrawn']);

/** Refuses a decision on a request someone already decided, saying who and when. */
function alreadyDecided(row: ProxyRequestRow, timeZone: string): AppError {
  const when = row.decided_at ? new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(row.decided_at) : 'earlier';
  const who = row.decided_by_name ?? 'the requester';
  return conflict(`This request was already ${row.status} by ${who} (${when}). Reload to see the decision.`, 'already_decided');
}

/**
 * ROI's decision: approve (creates the relationship, from `startsOn` or today until `endsOn` if
 * given), deny with a reason the requester reads, or ask the requester a question (the clock
 * pauses until documents arrive). The version read must be current: of two reviewers deciding at
 * once, the second is refused (409) and told who decided.
 */
export async function decideProxyRequest(deps: ProxyRequestDeps, actor: Actor, id: number, body: ProxyDecisionBody) {
  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const today = todayIn(calendar.timeZone, now);
  const decided = await deps.knex.transaction(async (trx) => {
    const row = await findProxyRequest(trx, id, { lock: true });
    if (!row) throw notFound('Proxy request');
    if (DONE.has(row.status)) throw alreadyDecided(row, calendar.timeZone);
    if (row.version !== body.version) {
      throw conflict('Someone else changed this request since you opened it (a question asked, documents added). Reload, then decide.', 'stale_version');
    }
    const spent = row.clock_started_at ? businessMinutesBetween(row.clock_started_at, now, calendar) : 0;
    const stop = { clock_started_at: null, due_at: null, business_minutes_used: row.business_minutes_used + spent };
    // Whoever decides or asks without having taken the request takes it: the queue shows who works it.
    const common = {
      decided_by: actor.staffUserId,
      assignee_id: row.assignee_id ?? actor.staffUserId,
      version: row.version + 1,
      checklist: body.checklist ? JSON.stringify(body.checklist) : row.checklist,
    };
    if (body.decision === 'more_info') {
      await trx('proxy_requests')
        .where({ id })
        .update({
          ...stop,
          status: 'more_info_requested',
          question: body.reason,
          question_asked_at: now,
          assignee_id: common.assignee_id,
          version: common.version,
          checklist: common.checklist,
        });
    } else if (body.decision === 'deny') {
      await trx('proxy_requests')
        .where({ id })
        .update({ ...stop, ...common, status: 'denied', decision_reason: body.reason, decided_at: now });
    } else {
      if (row.patient_id === null) {
        throw unprocessable('patient_unmatched', {
          patient: 'matches no single patient on file by name, birth date and MRN: ask the requester for the MRN, or deny',
        });
      }
      const requester = await findRequester(trx, { accountId: row.requester_account_id });
      if (requester?.status !== 'active') throw unprocessable('requester_inactive', { requester: 'no longer has an active portal account' });
      const patient: { date_of_birth: string; deceased_date: string | null; state: string | null } = await trx('patients')
        .first('date_of_birth', 'deceased_date', 'state')
        .where({ id: row.patient_id });
      if (patient.deceased_date)
        throw unprocessable('patient_deceased', {
          patient: "has died: a deceased patient's record is released through Release of Information, not the portal",
        });
      const tier = await ageTierOf(trx, patient.state);
      if (row.kind === 'minor' && ageOn(patient.date_of_birth, today) >= tier.adult_at_age) {
        throw unprocessable('patient_now_adult', {
          patient: `has turned ${tier.adult_at_age} since the request: a parent's request for a minor cannot be approved now; the patient's own authorization is needed`,
        });
      }
      const startsOn = body.startsOn ?? today;
      if (startsOn < today) throw unprocessable('starts_in_past', { startsOn: 'is in the past: access starts today at the earliest' });
      if (body.endsOn && body.endsOn < today) throw unprocessable('ends_in_past', { endsOn: 'has passed already: the access would never start' });
      if (!body.checklist || Object.values(body.checklist).includes(false)) {
        throw unprocessable('checklist_incomplete', {
          checklist:
            'must have every check ticked to approve: the relationship proven, the document signed and dated, a power of attorney or guardianship not expired',
        });
      }
      // An old relationship past its end date that no job has closed yet makes way for the new one.
      await trx('proxy_relationships')
        .where({ proxy_account_id: row.requester_account_id, patient_id: row.patient_id })
        .whereNull('ended_at')
        .where('ends_on', '<', today)
        .update({ ended_at: now, end_cause: 'end_date' });
      if (await findLiveRelationship(trx, row.requester_account_id, row.patient_id, today)) {
        throw unprocessable('relationship_exists', { patient: 'already has a live proxy relationship with this requester' });
      }
      const [{ id: relationshipId }] = await trx('proxy_relationships')
        .insert({
          proxy_account_id: row.requester_account_id,
          patient_id: row.patient_id,
          relationship: row.relationship,
          kind: row.kind,
          access_level: body.accessLevel,
          starts_on: startsOn,
          ends_on: body.endsOn ?? null,
          proxy_request_id: id,
          created_at: now,
          created_by: actor.staffUserId,
        })
        .returning('id');
      await trx('proxy_requests')
        .where({ id })
        .update({ ...stop, ...common, status: 'approved', decided_at: now, decision_reason: body.reason || null, relationship_id: relationshipId });
      await recordAudit(trx, actor, {
        action: 'create',
        resource: 'proxy-relationships',
        resourceId: relationshipId,
        patientId: row.patient_id,
        details: { proxy_request_id: id, access_level: body.accessLevel, ends_on: body.endsOn ?? null },
      });
    }
    await recordAudit(trx, actor, {
      action: body.decision === 'more_info' ? 'ask' : body.decision,
      resource: 'proxy-requests',
      resourceId: id,
      patientId: row.patient_id,
      details: { business_minutes_spent: stop.business_minutes_used },
    });
    return (await findProxyRequest(trx, id))!;
  });
  return asCase(deps, decided);
}

/** ROI takes a request to work it; the version read must be current. */
export async function takeProxyRequest(deps: ProxyRequestDeps, actor: Actor, id: number, version: number) {
  const taken = await deps.knex.transaction(async (trx) => {
    const row = await findProxyRequest(trx, id, { lock: true });
    if (!row) throw notFound('Proxy request');
    if (DONE.has(row.status)) throw conflict(`This request is ${row.status} already.`, 'wrong_state');
    if (row.version !== version) throw conflict('Someone else changed this request since you opened it. Reload, then try again.', 'stale_version');
    await trx('proxy_requests')
      .where({ id })
      .update({ assignee_id: actor.staffUserId, version: version + 1 });
    await recordAudit(trx, actor, { action: 'assign', resource: 'proxy-requests', resourceId: id, patientId: row.patient_id });
    return (await findProxyRequest(trx, id))!;
  });
  return asCase(deps, taken);
}

/** The requester takes their request back before ROI decides it; the clock stops. */
export async function withdrawProxyRequest(deps: ProxyRequestDeps, actor: Actor, id: number) {
  const calendar = await deps.calendar.get();
  const withdrawn = await deps.knex.transaction(async (trx) => {
    const row = await findProxyRequest(trx, id, { lock: true });
    if (!row) throw notFound('Proxy request');
    if (DONE.has(row.status)) throw alreadyDecided(row, calendar.timeZone);
    await trx('proxy_requests')
      .where({ id })
      .update({ status: 'withdrawn', decided_at: deps.clock(), clock_started_at: null, due_at: null, version: row.version + 1 });
    await recordAudit(trx, actor, { action: 'withdraw', resource: 'proxy-requests', resourceId: id, patientId: row.patient_id });
    return (await findProxyRequest(trx, id))!;
  });
  return forPortal(deps.knex, withdrawn);
}
