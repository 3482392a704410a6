import type { Knex } from '@portaldesk/db';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { BusinessCalendarStore } from '../../lib/business-calendar.ts';
import { afterBusinessMinutes, businessDayMinutes } from '../../lib/business-days.ts';
import type { Clock } from '../../lib/clock.ts';
import { conflict, notFound, unprocessableEntity, type FieldErrors } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { enqueueMessage } from '../../outbox/outbox.ts';
import { STAFF_ONLY_PORTAL_NAMES, type DemographicChangeRequestBody } from '../demographics/demographics.schema.ts';
import { applyFieldChanges, findPatientDemographics, lockPatientDemographics, type FieldChange } from '../demographics/demographics.repo.ts';
import { checkFieldValues, fieldValueOf, languageList, problemOf, sameValue } from '../demographics/field-values.ts';
import { FIELD_LABELS, type FieldValue, type PatientChangeableField } from '../demographics/value-sets.ts';
import { findRequester } from '../proxy-requests/proxy-requests.repo.ts';
import {
  countChangeRequests,
  findChangeRequest,
  findPatientEmail,
  insertChangeRequest,
  listChangeRequests,
  listRequestedFields,
  lockChangeRequest,
  recordDecisions,
  type ChangeRequestRow,
} from './demographic-change-requests.repo.ts';
import { PORTAL_FIELD_NAMES, type ChangeRequestFilter, type ReviewBody } from './demographic-change-requests.schema.ts';

export interface ChangeRequestDeps {
  knex: Knex;
  settings: SettingsStore;
  calendar: BusinessCalendarStore;
  clock: Clock;
  jobs: JobQueue;
}

const portalName = (field: PatientChangeableField) => `changes.${PORTAL_FIELD_NAMES[field]}`;

/** The portal's changes as stored values, keyed by field. */
function requestedValues(changes: DemographicChangeRequestBody['changes']): Partial<Record<PatientChangeableField, FieldValue>> {
  const values: Partial<Record<PatientChangeableField, FieldValue>> = {};
  if (changes.race !== undefined) values.race = changes.race;
  if (changes.ethnicity !== undefined) values.ethnicity = changes.ethnicity;
  if (changes.preferredLanguage !== undefined) values.preferred_language = changes.preferredLanguage;
  if (changes.sexualOrientation !== undefined) values.sexual_orientation = changes.sexualOrientation;
  if (changes.genderIdentity !== undefined) values.gender_identity = changes.genderIdentity;
  if (changes.email !== undefined) values.email = changes.email;
  if (changes.phone !== undefined) values.phone = changes.phone;
  if (changes.address !== undefined) {
    const { line1, line2, city, state, postalCode } = changes.address;
    values.address = { line1, line2: line2 ?? null, city, state, postal_code: postalCode };
  }
  return values;
}

/**
 * Receives the changes a patient asks for from the portal. Legal name, birth date and sex are
 * refused with directions to Registration; codes are checked against their value sets; an
 * account that is unknown or not active is refused; values equal to the record are dropped, and
 * a request left with nothing to change is refused. The request is due on the business calendar.
 */
export async function submitChangeRequest(deps: ChangeRequestDeps, actor: Actor, body: DemographicChangeRequestBody) {
  const staffOnly = STAFF_ONLY_PORTAL_NAMES.filter((name) => (body.changes as Record<string, unknown>)[name] !== undefined);
  if (staffOnly.length) {
    throw unprocessableEntity(
      'staff_only_field',
      Object.fromEntries(
        staffOnly.map((name) => [
          `changes.${name}`,
          'cannot be changed from the portal: legal name, date of birth and sex are changed by Registration, with documentation. Please contact Registration',
        ]),
      ),
    );
  }
  const values = requestedValues(body.changes);
  const supported = languageList(await deps.settings.get('demographics.supported_languages'));
  const errors = checkFieldValues(values, supported, (field) => portalName(field as PatientChangeableField));
  if (Object.keys(errors).length) throw unprocessableEntity('invalid_value', errors);

  const account = await findRequester(deps.knex, { username: body.username });
  if (!account) throw unprocessableEntity('account_unknown', { username: 'is not a portal account' });
  if (account.status !== 'active') throw unprocessableEntity('account_inactive', { username: `is not an active portal account (it is ${account.status})` });

  const now = deps.clock();
  const calendar = await deps.calendar.get();
  const days = await deps.settings.get('demographics.review_due_business_days');
  const dueAt = afterBusinessMinutes(now, days * businessDayMinutes(calendar), calendar);
  const id = await deps.knex.transaction(async (trx) => {
    const current = await lockPatientDemographics(trx, account.patient_id);
    const fields = (Object.entries(values) as [PatientChangeableField, FieldValue][])
      .map(([field, requestedValue]) => ({ field, valueAtRequest: fieldValueOf(current!, field), requestedValue }))
      .filter((field) => !sameValue(field.field, field.valueAtRequest, field.requestedValue));
    if (!fields.length) throw unprocessableEntity('no_change', { changes: 'change nothing: every value sent is already on the record' });
    const requestId = await insertChangeRequest(trx, { patientId: account.patient_id, portalAccountId: account.account_id, receivedAt: now, dueAt }, fields);
    await recordAudit(trx, actor, {
      action: 'submit',
      resource: 'demographic-change-requests',
      resourceId: requestId,
      patientId: account.patient_id,
      details: { fields: fields.map((field) => field.field) },
    });
    return requestId;
  });
  return { id, status: 'submitted' as const };
}

/** Each field's outcome, for the patient, with the reviewer's reason for a rejection. */
export async function showChangeRequestToPortal(deps: ChangeRequestDeps, actor: Actor, id: number) {
  const request = await findChangeRequest(deps.knex, id);
  if (!request) throw notFound('Change request');
  const fields = await listRequestedFields(deps.knex, id);
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'demographic-change-requests', resourceId: id, patientId: request.patient_id });
  return {
    id,
    status: request.status,
    receivedAt: request.received_at,
    reviewedAt: request.reviewed_at,
    fields: Object.fromEntries(fields.map((field) => [PORTAL_FIELD_NAMES[field.field], { status: field.decision, reason: field.reason }])),
  };
}

const withOverdue = <Row extends Pick<ChangeRequestRow, 'status' | 'due_at'>>(row: Row, now: Date) => ({
  ...row,
  overdue: row.status === 'submitted' && row.due_at.getTime() < now.getTime(),
});

/** The review queue: due first by default; every patient listed finds the listing in their ledger. */
export async function browseChangeRequests(deps: ChangeRequestDeps, actor: Actor, list: ListQuery<ChangeRequestFilter>) {
  const now = deps.clock();
  const [rows, total] = await Promise.all([
    listChangeRequests(deps.knex, list.filter, list.sort, list.offset, list.limit, now),
    countChangeRequests(deps.knex, list.filter, now),
  ]);
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'demographic-change-requests',
    listedPatientIds: [...new Set(rows.map((row) => row.patient_id))],
    details: { criteria: list.filter },
  });
  return {
    rows: rows.map(({ portal_account_id: _account, patient_date_of_birth: _birth, portal_username: _username, version: _version, ...row }) =>
      withOverdue(row, now),
    ),
    total,
  };
}

/** A request as the review page shows it: each field's value then, asked for, and now. */
async function changeRequestCase(deps: ChangeRequestDeps, db: Knex | Knex.Transaction, id: number) {
  const request = await findChangeRequest(db, id);
  if (!request) return undefined;
  const [fields, current] = await Promise.all([listRequestedFields(db, id), findPatientDemographics(db, request.patient_id)]);
  const supported = languageList(await deps.settings.get('demographics.supported_languages'));
  const { portal_account_id: _account, ...shown } = withOverdue(request, deps.clock());
  return {
    ...shown,
    patient_version: current!.version,
    requested_fields: fields.map((field) => {
      const currentValue = fieldValueOf(current!, field.field);
      return {
        ...field,
        current_value: currentValue,
        changed_since_request: !sameValue(field.field, field.value_at_request, currentValue),
        problem: field.decision === 'pending' ? problemOf(field.field, field.requested_value, supported) : null,
      };
    }),
  };
}

export async function showChangeRequest(deps: ChangeRequestDeps, actor: Actor, id: number) {
  const found = await changeRequestCase(deps, deps.knex, id);
  if (!found) {
    await recordAudit(deps.knex, actor, {
      action: 'show',
      resource: 'demographic-change-requests',
      resourceId: id,
      outcome: 'failed',
      details: { reason: 'not_found' },
    });
    throw notFound('Change request');
  }
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'demographic-change-requests', resourceId: id, patientId: found.patient_id });
  return found;
}

const CONFLICT_MESSAGES = {
  already_reviewed: (reviewer: string) => `${reviewer} reviewed this request first. Their decisions are shown.`,
  stale_version: () => 'This request changed after you opened it. It is shown as it is now.',
  patient_changed: () => "The patient's record changed after you opened this request. Compare the values as they are now, then submit again.",
};

/**
 * ROI's review: a decision for every field at once, a reason for each rejection (the patient
 * reads it). Accepted values are written to the record with one history row each, naming the
 * request; a field whose value changed since the request arrived is accepted only when the
 * reviewer says they saw it. A review of one reviewed already, from an older version of the
 * request, or compared with an older version of the patient's record, is refused with the
 * request as it is now. The patient is told through the outbox.
 */
export async function reviewChangeRequest(deps: ChangeRequestDeps, actor: Actor, id: number, body: ReviewBody) {
  const supported = languageList(await deps.settings.get('demographics.supported_languages'));
  const outcome = await deps.knex.transaction(async (trx) => {
    const request = await lockChangeRequest(trx, id);
    if (!request) return { refused: 'not_found' as const };
    if (request.status === 'reviewed') return { refused: 'already_reviewed' as const };
    if (request.version !== body.version) return { refused: 'stale_version' as const };
    const fields = await listRequestedFields(trx, id);
    const patient = await lockPatientDemographics(trx, request.patient_id);
    // The reviewer compared with the record at this version: a change since (a correction, an
    // import) must be seen before anything of the request replaces it.
    if (patient!.version !== body.patientVersion) return { refused: 'patient_changed' as const };
    const errors: FieldErrors = {};
    const changes: FieldChange[] = [];
    const decisions: { field: PatientChangeableField; decision: 'accepted' | 'rejected'; reason: string | null }[] = [];
    for (const name of Object.keys(body.fields) as PatientChangeableField[]) {
      if (!fields.some((field) => field.field === name)) errors[`fields.${name}`] = 'is not part of this request';
    }
    for (const field of fields) {
      const key = `fields.${field.field}`;
      const decision = body.fields[field.field];
      if (!decision) {
        errors[key] = 'needs a decision: accept or reject';
        continue;
      }
      if (decision.decision === 'reject') {
        if (!decision.reason) errors[`${key}.reason`] = 'is required to reject: the patient reads it';
        else decisions.push({ field: field.field, decision: 'rejected', reason: decision.reason });
        continue;
      }
      const currentValue = fieldValueOf(patient!, field.field);
      const problem = problemOf(field.field, field.requested_value, supported);
      if (problem) errors[key] = `cannot be accepted: the requested value ${problem}`;
      else if (!sameValue(field.field, field.value_at_request, currentValue) && !decision.acknowledgeChange) {
        errors[`${key}.acknowledgeChange`] = 'is required: the record changed since the request arrived; compare the current value first';
      } else {
        decisions.push({ field: field.field, decision: 'accepted', reason: null });
        if (!sameValue(field.field, currentValue, field.requested_value)) {
          changes.push({ field: field.field, oldValue: currentValue, newValue: field.requested_value });
        }
      }
    }
    if (Object.keys(errors).length) throw unprocessableEntity('review_incomplete', errors);

    const now = actor.clock();
    if (changes.length) {
      await applyFieldChanges(trx, request.patient_id, patient!.version, changes, {
        source: 'change_request',
        changedBy: actor.staffUserId,
        changedAt: now,
        reason: "Patient's request from the portal",
        changeRequestId: id,
      });
    }
    await recordDecisions(trx, id, decisions, { reviewedAt: now, reviewedBy: actor.staffUserId!, version: request.version });
    const accepted = decisions.filter((decision) => decision.decision === 'accepted').map((decision) => decision.field);
    const rejected = decisions.filter((decision) => decision.decision === 'rejected').map((decision) => decision.field);
    await enqueueMessage(trx, deps.jobs, {
      patientId: request.patient_id,
      kind: 'demographic_change_reviewed',
      channel: 'email',
      recipient: await findPatientEmail(trx, request.patient_id),
      // The sender words it from the field names; values stay in the record.
      payload: {
        change_request_id: id,
        accepted: accepted.map((field) => FIELD_LABELS[field]),
        rejected: decisions
          .filter((decision) => decision.decision === 'rejected')
          .map((decision) => ({ field: FIELD_LABELS[decision.field], reason: decision.reason })),
      },
      createdBy: actor.staffUserId,
      createdAt: now,
    });
    await recordAudit(trx, actor, {
      action: 'review',
      resource: 'demographic-change-requests',
      resourceId: id,
      patientId: request.patient_id,
      details: { accepted, rejected, changed: changes.map((change) => change.field) },
    });
    return { refused: null };
  });
  if (outcome.refused === 'not_found') throw notFound('Change request');
  if (outcome.refused) {
    const current = await changeRequestCase(deps, deps.knex, id);
    await recordAudit(deps.knex, actor, {
      action: 'review',
      resource: 'demographic-change-requests',
      resourceId: id,
      patientId: current!.patient_id,
      outcome: 'failed',
      details: { reason: outcome.refused },
    });
    throw conflict(CONFLICT_MESSAGES[outcome.refused](current!.reviewed_by_name ?? 'Someone'), outcome.refused, { current });
  }
  // The review's own audit row says what was decided; the answer is not another read to record.
  return (await changeRequestCase(deps, deps.knex, id))!;
}
