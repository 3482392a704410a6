import type { Knex } from '@portaldesk/db';
import { can } from '../../auth/policy.ts';
import type { StaffPrincipal } from '../../auth/principal.ts';
import { auditSelectParts, recordAudit, type Actor } from '../../lib/audit.ts';
import { startOfDayIn } from '../../lib/business-days.ts';
import { isoInZone, todayIn, type Clock } from '../../lib/clock.ts';
import { toCsv } from '../../lib/csv.ts';
import { badRequest, conflict, notFound, unprocessableEntity } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import {
  endHolds,
  extensionsOf,
  findHold,
  holdsForExport,
  listHolds,
  listCorrections,
  listResults,
  lockResults,
  openHoldsOf,
  takeDueHolds,
  type HoldRow,
  type ResultRow,
} from './results.repo.ts';
import { RESULT_COLUMNS } from './results.import-row.ts';
import type { CorrectionFilter, CorrectionRecord, HoldBody, HoldFilter, HoldRecord, ReleaseBody, ResultFilter, ResultRecord } from './results.schema.ts';

export interface ResultDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
}

const asNumber = (value: string | null) => (value === null ? null : Number(value));
/** The calendar date `days` after `date`. */
const dayAfter = (date: string, days: number) => todayIn('UTC', new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000));
/** What roles without access to result values read for a test in a sensitive category. */
export const SENSITIVE_TEST_NAME = 'A result in a sensitive category';
/** The furthest a patient's "until" date may be: a longer wait is "until the patient asks". */
const PATIENT_REQUEST_MAX_DAYS = 365;

/**
 * A result as staff see it. `withhold` leaves roles that only see whether a result reached the
 * portal without what it says: its value, the basis of its hold (a hold to prevent harm says as
 * much) and who decided it, and for a sensitive category the test and the category themselves.
 */
function asResultRecord(row: ResultRow, withhold: boolean): ResultRecord {
  const hold = row.hold && {
    ...row.hold,
    basis: withhold ? null : row.hold.basis,
    decided_by_name: withhold ? null : row.hold.decided_by_name,
    ends_at: row.hold.ends_at && new Date(row.hold.ends_at).toISOString(),
    placed_at: new Date(row.hold.placed_at).toISOString(),
  };
  const masked = withhold && row.proxy_category !== null;
  return {
    id: row.id,
    patient_id: row.patient_id,
    accession_number: row.accession_number,
    loinc_code: masked ? '' : row.loinc_code,
    test_name: masked ? SENSITIVE_TEST_NAME : row.test_name,
    category: masked ? '' : row.category,
    category_name: masked ? 'Sensitive' : row.category_name,
    sensitive: row.proxy_category !== null,
    performed_at: row.performed_at.toISOString(),
    resulted_at: row.resulted_at.toISOString(),
    received_at: row.received_at.toISOString(),
    status: row.released_at ? 'released' : 'held',
    released_at: row.released_at?.toISOString() ?? null,
    hold,
    corrected_at: row.corrected_at?.toISOString() ?? null,
    corrections: row.corrections,
    values_withheld: withhold,
    value: withhold ? null : row.value,
    value_numeric: withhold ? null : asNumber(row.value_numeric),
    unit: withhold ? null : row.unit,
    reference_range: withhold ? null : row.reference_range,
    reference_low: withhold ? null : asNumber(row.reference_low),
    reference_high: withhold ? null : asNumber(row.reference_high),
    abnormal_flag: withhold ? null : (row.abnormal_flag as ResultRecord['abnormal_flag']),
  } as ResultRecord;
}

/** A patient's results; audited as a read of the patient (values or only their status). */
export async function browseResults(deps: ResultDeps, actor: Actor, list: ListQuery<ResultFilter>) {
  const patient = await deps.knex('patients').first('id').where({ id: list.filter.patient_id });
  if (!patient) {
    await recordAudit(deps.knex, actor, { action: 'list', resource: 'results', outcome: 'failed', details: { patientId: list.filter.patient_id } });
    throw notFound('Patient');
  }
  const withhold = !can(actor.roles, 'show', 'result-values');
  const { rows, total } = await listResults(deps.knex, list);
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'results',
    patientId: list.filter.patient_id,
    details: { results: rows.length, values: !withhold },
  });
  return { rows: rows.map((row) => asResultRecord(row, withhold)), total };
}

/** A value of the correction history as the API answers values: times as ISO 8601 instants in UTC, empties as null. */
const asText = (field: string, value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  return field.endsWith('_at') ? new Date(String(value)).toISOString() : String(value);
};

/** A result's corrections, newest first, each field's value before and after; audited as a read of the patient. */
export async function browseCorrections(deps: ResultDeps, actor: Actor, list: ListQuery<CorrectionFilter>) {
  const result: { id: number; patient_id: number } | undefined = await deps.knex('results').first('id', 'patient_id').where({ id: list.filter.result_id });
  if (!result) {
    await recordAudit(deps.knex, actor, { action: 'list-corrections', resource: 'results', outcome: 'failed', details: { resultId: list.filter.result_id } });
    throw notFound('Result');
  }
  const { rows, total } = await listCorrections(deps.knex, list);
  await recordAudit(deps.knex, actor, {
    action: 'list-corrections',
    resource: 'results',
    resourceId: result.id,
    patientId: result.patient_id,
    details: { corrections: rows.length },
  });
  const records: CorrectionRecord[] = rows.map((row) => ({
    id: row.id,
    result_id: row.result_id,
    corrected_at: row.corrected_at.toISOString(),
    file_name: row.file_name,
    imported_by_name: row.imported_by_name,
    was_released: row.was_released,
    // In the file's column order, as the lab and the Results tab read them.
    changes: RESULT_COLUMNS.filter((field) => field in row.new_values).map((field) => ({
      field,
      before: asText(field, row.old_values[field]),
      after: asText(field, row.new_values[field]),
    })),
  }));
  return { rows: records, total };
}

/** When a hold on `basis` ends, from what the clinician gave; a 422 names the field that is wrong. */
async function endOfHold(
  deps: ResultDeps,
  body: HoldBody,
  now: Date,
): Promise<{ endsAt: Date | null; untilPatientAsks: boolean; requestedOn: string | null; harmType: string | null }> {
  const timeZone = await deps.settings.get('organization.time_zone');
  const today = todayIn(timeZone, now);
  const refuse = (field: string, message: string) => unprocessableEntity('hold_refused', { [field]: message });
  const notFor = (fields: (keyof HoldBody)[]) => {
    for (const field of fields) if (body[field] !== undefined) throw refuse(field, `does not apply to a ${body.basis.replace('_', ' ')} hold`);
  };
  switch (body.basis) {
    case 'patient_request': {
      notFor(['reviewBy', 'harmType']);
      if (!body.requestedOn) throw refuse('requestedOn', "is required: the date of the patient's request");
      if (body.requestedOn > today) throw refuse('requestedOn', 'is in the future');
      if (body.untilPatientAsks && body.until) throw refuse('until', 'give a date or "until the patient asks", not both');
      if (!body.untilPatientAsks && !body.until)
        throw refuse('until', 'is required: a date, or "until the patient asks"; a hold without an end is not allowed');
      if (body.until && body.until <= today) throw refuse('until', 'must be after today');
      if (body.until && body.until > dayAfter(today, PATIENT_REQUEST_MAX_DAYS)) {
        throw refuse('until', `must be within ${PATIENT_REQUEST_MAX_DAYS} days; for a longer wait, hold until the patient asks`);
      }
      return {
        endsAt: body.until ? startOfDayIn(body.until, timeZone) : null,
        untilPatientAsks: Boolean(body.untilPatientAsks),
        requestedOn: body.requestedOn,
        harmType: null,
      };
    }
    case 'preventing_harm': {
      notFor(['until', 'untilPatientAsks', 'requestedOn']);
      if (!body.harmType) throw refuse('harmType', 'is required: the type of harm the clinician determined');
      if (!body.reviewBy) throw refuse('reviewBy', 'is required: the day the determination is reviewed');
      const maxDays = await deps.settings.get('results.harm_review_max_days');
      const latest = dayAfter(today, maxDays);
      if (body.reviewBy <= today) throw refuse('reviewBy', 'must be after today');
      if (body.reviewBy > latest) throw refuse('reviewBy', `must be within ${maxDays} days: ${latest} at the latest`);
      return { endsAt: startOfDayIn(body.reviewBy, timeZone), untilPatientAsks: false, requestedOn: null, harmType: body.harmType };
    }
    case 'state_law':
      notFor(['until', 'untilPatientAsks', 'requestedOn', 'reviewBy', 'harmType']);
      return { endsAt: null, untilPatientAsks: false, requestedOn: null, harmType: null };
  }
}

/**
 * A clinician holds results on a legal basis: each one not yet held gets a new hold and leaves the
 * portal until it ends; one already held on the same basis has its hold extended (never
 * shortened: that is a release; a state-law hold lasts as its rule says); one held on another
 * basis has that hold end as superseded and the new one take its place, the result staying out
 * of the portal. A result that does not exist refuses the whole request (422). All or nothing,
 * each result audited.
 */
export async function placeHolds(deps: ResultDeps, actor: Actor, staff: StaffPrincipal, body: HoldBody) {
  const now = deps.clock();
  const end = await endOfHold(deps, body, now);
  return deps.knex.transaction(async (trx) => {
    const results = await lockResults(trx, body.resultIds);
    const missing = body.resultIds.filter((id) => !results.some((result) => result.id === id));
    if (missing.length) throw unprocessableEntity('hold_refused', { resultIds: `names results that do not exist: ${missing.join(', ')}` });
    const held = await openHoldsOf(trx, body.resultIds);
    const endsAtOf = (result: (typeof results)[number]) => {
      if (body.basis !== 'state_law') return end.endsAt;
      if (result.hold_days === null) {
        throw unprocessableEntity('hold_refused', {
          basis: `no state-law rule covers the ${result.category_name} category of result ${result.id}: an admin configures the rules`,
        });
      }
      return new Date(now.getTime() + result.hold_days * 86_400_000);
    };
    const placed: number[] = [];
    const extended: number[] = [];
    const holdIds: number[] = [];
    for (const result of results) {
      const endsAt = endsAtOf(result);
      const open = held.find((hold) => hold.result_id === result.id);
      // Held on another basis: that hold gives way to this one without the result reaching the portal in between.
      const superseded = open && open.basis !== body.basis ? open : undefined;
      const current = open && !superseded ? open : undefined;
      if (superseded) {
        await endHolds(trx, [superseded], { how: 'superseded', by: staff.id, reason: body.reason, at: now }, { release: false });
      }
      if (current) {
        if (body.basis === 'state_law') {
          throw unprocessableEntity('hold_refused', {
            basis: `result ${result.id} is already held by its category's state-law rule, which sets how long the hold lasts`,
          });
        }
        const longer = current.until_patient_asks ? false : end.untilPatientAsks || (endsAt !== null && endsAt > current.ends_at!);
        if (!longer) {
          throw unprocessableEntity('hold_refused', {
            [body.basis === 'preventing_harm' ? 'reviewBy' : 'until']:
              `result ${result.id} is already held ${current.until_patient_asks ? 'until the patient asks' : `until ${current.ends_at!.toISOString()}`}: an extension must end later`,
          });
        }
        // Each renewal is evidence of its own: who renewed the determination, on what, until when.
        await trx('result_hold_extensions').insert({
          hold_id: current.id,
          extended_at: now,
          extended_by: staff.id,
          decided_by_name: staff.displayName,
          previous_ends_at: current.ends_at,
          new_ends_at: endsAt,
          requested_on: end.requestedOn,
          harm_type: end.harmType,
          reason: body.reason,
        });
        await trx('result_holds')
          .where({ id: current.id })
          .update({ ends_at: endsAt, until_patient_asks: end.untilPatientAsks, extensions: trx.raw('extensions + 1'), version: trx.raw('version + 1') });
        extended.push(result.id);
        holdIds.push(current.id);
      } else {
        const [{ id }] = await trx('result_holds')
          .insert({
            result_id: result.id,
            patient_id: result.patient_id,
            basis: body.basis,
            reason: body.reason,
            placed_at: now,
            placed_by: staff.id,
            // Always the signed-in clinician: a determination of harm is their own, never a delegate's.
            decided_by_name: staff.displayName,
            ends_at: endsAt,
            until_patient_asks: end.untilPatientAsks,
            requested_on: end.requestedOn,
            harm_type: end.harmType,
            citation: body.basis === 'state_law' ? result.hold_citation : null,
            category: body.basis === 'state_law' ? result.category : null,
          })
          .returning('id');
        await trx('results')
          .where({ id: result.id })
          .update({ released_at: null, version: trx.raw('version + 1') });
        placed.push(result.id);
        holdIds.push(id);
      }
      await recordAudit(trx, actor, {
        action: current ? 'extend-hold' : 'hold',
        resource: 'results',
        resourceId: result.id,
        patientId: result.patient_id,
        details: {
          basis: body.basis,
          endsAt: endsAt?.toISOString() ?? null,
          untilPatientAsks: end.untilPatientAsks,
          wasReleased: result.released_at !== null,
          ...(superseded ? { supersededHoldId: superseded.id, supersededBasis: superseded.basis } : {}),
        },
      });
    }
    return { placed, extended, holds: holdIds };
  });
}

/** A clinician releases held results now, with a reason; a result that is not held refuses the whole request (409). */
export async function releaseNow(deps: ResultDeps, actor: Actor, staff: StaffPrincipal, body: ReleaseBody) {
  const now = deps.clock();
  return deps.knex.transaction(async (trx) => {
    const results = await lockResults(trx, body.resultIds);
    const missing = body.resultIds.filter((id) => !results.some((result) => result.id === id));
    if (missing.length) throw unprocessableEntity('release_refused', { resultIds: `names results that do not exist: ${missing.join(', ')}` });
    const holds = await openHoldsOf(trx, body.resultIds);
    const notHeld = body.resultIds.filter((id) => !holds.some((hold) => hold.result_id === id));
    if (notHeld.length) {
      throw conflict(`Results ${notHeld.join(', ')} are not held (any more): nothing was released.`, 'not_held', { resultIds: notHeld });
    }
    await endHolds(trx, holds, { how: 'released_now', by: staff.id, reason: body.reason, at: now });
    for (const hold of holds) {
      await recordAudit(trx, actor, {
        action: 'release',
        resource: 'results',
        resourceId: hold.result_id,
        patientId: hold.patient_id,
        details: { holdId: hold.id, basis: hold.basis, how: 'released_now' },
      });
    }
    return { released: holds.map((hold) => hold.result_id) };
  });
}

/** The basis of a hold is withdrawn (the patient asks to see it, the risk of harm has passed): the hold ends and its result is released. */
export async function withdrawHold(deps: ResultDeps, actor: Actor, staff: StaffPrincipal, id: number, body: { reason: string; version: number }) {
  const now = deps.clock();
  const hold = await deps.knex.transaction(async (trx) => {
    // The result first, then its hold: the order every clinician's action takes, so two never deadlock.
    const target: { result_id: number } | undefined = await trx('result_holds').first('result_id').where({ id });
    if (!target) throw notFound('Hold');
    await lockResults(trx, [target.result_id]);
    const row = await trx('result_holds').forUpdate().first('id', 'result_id', 'patient_id', 'basis', 'ended_at', 'version').where({ id });
    if (row.ended_at)
      throw conflict('This hold has already ended.', 'not_open', { current: await findHold(trx, id).then((found) => found && asHoldRecord(found, now)) });
    if (row.version !== body.version) {
      throw conflict('This hold changed since you read it: read it again.', 'stale_version', {
        current: await findHold(trx, id).then((found) => found && asHoldRecord(found, now)),
      });
    }
    await endHolds(trx, [row], { how: 'basis_withdrawn', by: staff.id, reason: body.reason, at: now });
    await recordAudit(trx, actor, {
      action: 'release',
      resource: 'results',
      resourceId: row.result_id,
      patientId: row.patient_id,
      details: { holdId: id, basis: row.basis, how: 'basis_withdrawn' },
    });
    return (await findHold(trx, id))!;
  });
  return asHoldRecord(hold, now);
}

const DUE_PER_TRANSACTION = 500;

/**
 * The release job: ends every open hold whose end has come and releases its result, in
 * transactions of up to 500, each with the job's audit rows. Holds another worker holds locked
 * are skipped, so several instances share the work and each hold is released once; a hold whose
 * end passed while no worker ran is due all the same and released on the next run.
 */
export async function releaseDueResults(deps: { knex: Knex; clock: Clock }, actor: Actor): Promise<number> {
  let released = 0;
  for (;;) {
    const now = deps.clock();
    const batch = await deps.knex.transaction(async (trx) => {
      const due = await takeDueHolds(trx, now, DUE_PER_TRANSACTION);
      await endHolds(trx, due, { how: 'expired', by: null, reason: null, at: now });
      if (due.length) {
        const who = auditSelectParts(actor, now);
        await trx.raw(
          `INSERT INTO audit_events (${who.columns}, action, resource, resource_id, patient_id, outcome, details)
           SELECT ${who.placeholders}, 'release', 'results', due.result_id::text, due.patient_id, 'success',
                  jsonb_build_object('holdId', due.id, 'basis', due.basis, 'how', 'expired', 'endsAt', due.ends_at)
             FROM jsonb_to_recordset(?::jsonb) AS due (id bigint, result_id bigint, patient_id bigint, basis text, ends_at timestamptz)`,
          [...who.bindings, JSON.stringify(due)],
        );
      }
      return due.length;
    });
    released += batch;
    if (batch < DUE_PER_TRANSACTION) return released;
  }
}

function asHoldRecord(row: HoldRow, now: Date): HoldRecord {
  return {
    ...row,
    placed_at: row.placed_at.toISOString(),
    ends_at: row.ends_at?.toISOString() ?? null,
    ended_at: row.ended_at?.toISOString() ?? null,
    overdue: row.ended_at === null && row.ends_at !== null && row.ends_at <= now,
  } as HoldRecord;
}

async function placedBounds(deps: ResultDeps, filter: HoldFilter) {
  const timeZone = await deps.settings.get('organization.time_zone');
  if (filter.placed_from && filter.placed_to && filter.placed_from > filter.placed_to) {
    throw badRequest('placed_from is after placed_to.', { placed_from: 'is after placed_to' });
  }
  return {
    placedFrom: filter.placed_from ? startOfDayIn(filter.placed_from, timeZone) : null,
    placedBefore: filter.placed_to ? startOfDayIn(dayAfter(filter.placed_to, 1), timeZone) : null,
  };
}

/** The hold register (and the release queue, filtered to open holds); audited with the patients it lists. */
export async function browseHolds(deps: ResultDeps, actor: Actor, list: ListQuery<HoldFilter>) {
  const { rows, total } = await listHolds(deps.knex, list, await placedBounds(deps, list.filter));
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'result-holds',
    patientId: list.filter.patient_id ?? null,
    listedPatientIds: [...new Set(rows.map((row) => row.patient_id))],
    details: { filter: list.filter, holds: rows.length },
  });
  const now = deps.clock();
  return { rows: rows.map((row) => asHoldRecord(row, now)), total };
}

/** The most holds one export holds; more asks for a narrower filter. */
export const HOLD_EXPORT_LIMIT = 50_000;

const BASIS_WORDS: Record<string, string> = {
  patient_request: 'Patient request (45 CFR 171.202(e))',
  preventing_harm: 'Preventing harm (45 CFR 171.201)',
  state_law: 'State law (standing rule)',
};
const ENDING_WORDS: Record<string, string> = {
  expired: 'Released when the hold ended',
  released_now: 'Released now by a clinician',
  basis_withdrawn: 'Basis withdrawn',
  superseded: 'Replaced by a hold on another basis (the result still held)',
  recategorized: 'A lab correction moved the result out of the category of this rule',
};
const EXPORT_HEADER = [
  'hold_id',
  'placed_at',
  'basis',
  'basis_code',
  'decided_by',
  'reason',
  'patient_mrn',
  'patient_name',
  'accession_number',
  'test_name',
  'ends_at',
  'until_patient_asks',
  'patient_request_date',
  'harm_type',
  'citation',
  'extensions',
  'extension_history',
  'ended_at',
  'how_it_ended',
  'ended_by',
  'end_reason',
];

/** The register as CSV, oldest first, times in the organization's zone: the evidence for 45 CFR 171. */
export async function exportHolds(deps: ResultDeps, actor: Actor, filter: HoldFilter): Promise<string> {
  const rows = await holdsForExport(deps.knex, filter, await placedBounds(deps, filter), HOLD_EXPORT_LIMIT);
  if (rows.length > HOLD_EXPORT_LIMIT) {
    await recordAudit(deps.knex, actor, { action: 'export', resource: 'result-holds', outcome: 'failed', details: { filter, tooMany: true } });
    throw badRequest(`More than ${HOLD_EXPORT_LIMIT} holds match: narrow the filter (placed from and to) and export in parts.`, {
      filter: 'matches too many holds',
    });
  }
  await recordAudit(deps.knex, actor, {
    action: 'export',
    resource: 'result-holds',
    patientId: filter.patient_id ?? null,
    listedPatientIds: [...new Set(rows.map((row) => row.patient_id))],
    details: { filter, holds: rows.length },
  });
  const timeZone = await deps.settings.get('organization.time_zone');
  const at = (instant: Date | null) => (instant ? isoInZone(instant, timeZone) : null);
  // Each renewal in words, oldest first: who renewed, when, until when and why.
  const renewals = new Map<number, string[]>();
  for (const extension of await extensionsOf(
    deps.knex,
    rows.map((row) => row.id),
  )) {
    const words = `${at(extension.extended_at)} by ${extension.decided_by_name}, until ${at(extension.new_ends_at) ?? 'the patient asks'}: ${extension.reason}`;
    renewals.set(extension.hold_id, [...(renewals.get(extension.hold_id) ?? []), words]);
  }
  return toCsv(
    EXPORT_HEADER,
    rows.map((row) => [
      row.id,
      at(row.placed_at),
      BASIS_WORDS[row.basis],
      row.basis,
      row.decided_by_name,
      row.reason,
      row.patient_mrn,
      row.patient_name,
      row.accession_number,
      row.test_name,
      at(row.ends_at),
      row.until_patient_asks ? 'yes' : 'no',
      row.requested_on,
      row.harm_type,
      row.citation,
      row.extensions,
      (renewals.get(row.id) ?? []).join(' | '),
      at(row.ended_at),
      row.ended_how ? ENDING_WORDS[row.ended_how] : 'Open',
      row.ended_how === 'expired' ? 'Release job' : row.ended_by_name,
      row.end_reason,
    ]),
  );
}
