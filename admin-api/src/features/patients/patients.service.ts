import type { Knex } from '@portaldesk/db';
import { can } from '../../auth/policy.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { ageOn, todayIn, type Clock } from '../../lib/clock.ts';
import { badRequest, conflict, notFound, unprocessableEntity } from '../../lib/errors.ts';
import type { ListQuery, ListTotal } from '../../lib/list-query.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import {
  CONTAINS_MIN_LENGTH,
  countPatientsUpTo,
  findPatient,
  isContainsSearch,
  searchPatients,
  type PatientRecordRow,
  type PatientRow,
} from './patients.repo.ts';
import type { PatientCorrectionBody } from '../demographics/demographics.schema.ts';
import { applyFieldChanges, historyAfterVersion, lockPatientDemographics } from '../demographics/demographics.repo.ts';
import { ADDRESS_COLUMNS, checkFieldValues, fieldValueOf, languageList, sameValue, type DemographicRow } from '../demographics/field-values.ts';
import { DEMOGRAPHIC_FIELDS, STAFF_ONLY_FIELDS, type DemographicField, type FieldValue } from '../demographics/value-sets.ts';
import { findStaffDocument } from '../documents/documents.repo.ts';
import type { PatientFilter } from './patients.schema.ts';

export interface PatientsDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
}

/** Adds the age on `today` (the organization's date), or at death for a deceased patient. */
function withAge<T extends PatientRow>(row: T, today: string) {
  return { ...row, age: ageOn(row.date_of_birth, row.deceased_date ?? today), deceased: row.deceased_date !== null };
}

function hasCriteria(filter: PatientFilter): boolean {
  return Boolean(filter.q || filter.mrn || filter.date_of_birth || filter.id?.length);
}

/**
 * Finds patients. Staff search; they do not browse: without a criterion the answer is empty.
 * The audit row keeps the criteria and which patients were shown (their ids, never their data).
 */
export async function findPatients(deps: PatientsDeps, actor: Actor, list: ListQuery<PatientFilter>) {
  const { knex, settings, clock } = deps;
  const { filter, sort, offset, limit } = list;
  if (filter.match === 'contains' && filter.q && filter.q.length < CONTAINS_MIN_LENGTH) {
    throw badRequest(`A "contains" name search needs at least ${CONTAINS_MIN_LENGTH} characters.`, {
      'filter.q': `needs at least ${CONTAINS_MIN_LENGTH} characters for a contains search`,
    });
  }
  if (!hasCriteria(filter)) return { rows: [], total: { exact: 0 } as ListTotal };
  const values = await settings.all();
  const cap = values['patients.search_count_cap'];
  if (offset >= cap) {
    throw badRequest(`Only the first ${cap} matches can be paged through. Refine the search.`, { range: `starts beyond the first ${cap} matches` });
  }

  // A "contains" search counts first: how many match decides how its page is found.
  const containsCount = isContainsSearch(filter) ? await countPatientsUpTo(knex, filter, cap) : undefined;
  const rows = await searchPatients(knex, filter, sort, offset, limit, containsCount);
  const pageTellsTotal = rows.length < limit && (rows.length > 0 || offset === 0);
  // Every patient shown finds this search in their ledger; the answer waits for the row. The
  // count, when needed, runs beside that insert rather than after it (one round trip less).
  const [, counted] = await Promise.all([
    recordAudit(knex, actor, {
      action: 'search',
      resource: 'patients',
      listedPatientIds: rows.map((row) => row.id),
      details: { criteria: filter, sort: [sort.field, sort.order], range: [offset, offset + limit - 1] },
    }),
    pageTellsTotal ? undefined : (containsCount ?? countPatientsUpTo(knex, filter, cap)),
  ]);
  let total: ListTotal;
  if (counted === undefined) total = { exact: offset + rows.length };
  else total = counted > cap ? { atLeast: cap } : { exact: counted };
  const today = todayIn(values['organization.time_zone'], clock());
  return { rows: rows.map((row) => withAge(row, today)), total };
}

/** One patient's record, with the age in the organization's time zone. */
export async function getPatient(deps: PatientsDeps, actor: Actor, id: number) {
  const { knex, settings, clock } = deps;
  const row = await findPatient(knex, id);
  if (!row) {
    await recordAudit(knex, actor, { action: 'show', resource: 'patients', resourceId: id, outcome: 'failed', details: { reason: 'not_found' } });
    throw notFound('Patient');
  }
  await recordAudit(knex, actor, { action: 'show', resource: 'patients', resourceId: id, patientId: id });
  return shownTo(actor, withAge(row, todayIn(await settings.get('organization.time_zone'), clock())));
}

/** The record without race, ethnicity, sexual orientation and gender identity for a role that has no need of them. */
function shownTo<T extends PatientRecordRow>(actor: Actor, record: T) {
  if (can(actor.roles, 'show', 'demographics')) return record;
  const { race: _race, ethnicity: _ethnicity, sexual_orientation: _orientation, gender_identity: _identity, ...rest } = record;
  return rest;
}

/** The values a correction sends, field by field; address parts merge into the current address. */
function requestedValues(body: PatientCorrectionBody, current: DemographicRow): Partial<Record<DemographicField, FieldValue>> {
  const values: Partial<Record<DemographicField, FieldValue>> = {};
  for (const field of DEMOGRAPHIC_FIELDS) {
    if (field === 'address') continue;
    const sent = body[field];
    if (sent !== undefined) values[field] = sent;
  }
  if (ADDRESS_COLUMNS.some((part) => body[part] !== undefined)) {
    const merged = Object.fromEntries(ADDRESS_COLUMNS.map((part) => [part, body[part] === undefined ? current[part] : body[part]]));
    values.address = fieldValueOf(merged, 'address');
  }
  return values;
}

/** The 409 of a save made from an old copy: the record as it is now and what changed since that copy. */
async function staleVersion(deps: PatientsDeps, id: number, sentVersion: number) {
  const [record, changes] = await Promise.all([findPatient(deps.knex, id), historyAfterVersion(deps.knex, id, sentVersion)]);
  // Only ROI corrects, and ROI sees every demographic field: the record goes back whole.
  const today = todayIn(await deps.settings.get('organization.time_zone'), deps.clock());
  return conflict('Someone else saved this patient after you opened it. Their changes are shown; yours are kept in the form.', 'stale_version', {
    current: withAge(record!, today),
    changes,
  });
}

/**
 * A staff correction of a patient's demographics. Only fields whose value changes are written;
 * each gets a history row with the reason; a legal name, birth date or sex also needs a document
 * uploaded for this patient. A save from an older version than the record's is refused with what
 * changed since, so the second of two staff loses nothing. Everything or nothing is saved.
 */
export async function correctPatient(deps: PatientsDeps, actor: Actor, id: number, body: PatientCorrectionBody) {
  const reason = body.reason?.trim();
  const supported = languageList(await deps.settings.get('demographics.supported_languages'));
  const outcome = await deps.knex.transaction(async (trx) => {
    const current = await lockPatientDemographics(trx, id);
    if (!current) return 'not_found' as const;
    if (current.version !== body.version) return 'stale' as const;
    const values = requestedValues(body, current);
    const errors = checkFieldValues(values, supported, correctionFieldName);
    if (Object.keys(errors).length) throw unprocessableEntity('invalid_value', errors);
    const changes = (Object.entries(values) as [DemographicField, FieldValue][])
      .map(([field, newValue]) => ({ field, oldValue: fieldValueOf(current, field), newValue }))
      .filter((change) => !sameValue(change.field, change.oldValue, change.newValue));
    if (!changes.length) throw unprocessableEntity('no_change', { root: 'changes nothing: every value sent is the one on record' });
    if (!reason) throw unprocessableEntity('reason_required', { reason: 'is required: say why the record is corrected' });
    const legal = changes.filter((change) => (STAFF_ONLY_FIELDS as readonly string[]).includes(change.field));
    if (legal.length) await checkSupportingDocument(trx, id, body.document_id, legal);
    const today = todayIn(await deps.settings.get('organization.time_zone'), actor.clock());
    const birth = (values.date_of_birth as string | undefined) ?? null;
    if (birth && birth > today) throw unprocessableEntity('invalid_value', { date_of_birth: 'is in the future' });
    if (birth && current.deceased_date && birth > (current.deceased_date as string)) {
      throw unprocessableEntity('invalid_value', { date_of_birth: 'is after the date of death' });
    }
    await applyFieldChanges(trx, id, current.version, changes, {
      source: 'staff_correction',
      changedBy: actor.staffUserId,
      changedAt: actor.clock(),
      reason,
      documentId: legal.length ? body.document_id : undefined,
    });
    await recordAudit(trx, actor, {
      action: 'correct',
      resource: 'patients',
      resourceId: id,
      patientId: id,
      details: { fields: changes.map((change) => change.field), documentId: legal.length ? body.document_id : undefined },
    });
    return 'saved' as const;
  });
  if (outcome === 'not_found') throw notFound('Patient');
  if (outcome === 'stale') {
    await recordAudit(deps.knex, actor, {
      action: 'correct',
      resource: 'patients',
      resourceId: id,
      patientId: id,
      outcome: 'failed',
      details: { reason: 'stale_version' },
    });
    throw await staleVersion(deps, id, body.version);
  }
  return getPatient(deps, actor, id);
}

/** The body's own name for a field in an error: an address problem names its first line. */
const correctionFieldName = (field: DemographicField) => (field === 'address' ? 'address_line1' : field);

/** A legal name, birth date or sex changes only with a document uploaded for this patient. */
async function checkSupportingDocument(trx: Knex.Transaction, patientId: number, documentId: number | undefined, legal: { field: DemographicField }[]) {
  const fields = legal.map((change) => change.field).join(', ');
  if (documentId === undefined) {
    throw unprocessableEntity('document_required', { document_id: `is required to change ${fields}: attach the legal document (PDF or image)` });
  }
  if (!(await findStaffDocument(trx, patientId, documentId))) {
    throw unprocessableEntity('document_unknown', { document_id: 'is not a document staff uploaded for this patient' });
  }
}
