import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { ageOn, todayIn, type Clock } from '../../lib/clock.ts';
import { badRequest, notFound } from '../../lib/errors.ts';
import type { ListQuery, ListTotal } from '../../lib/list-query.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { CONTAINS_MIN_LENGTH, countPatientsUpTo, findPatient, searchPatients, type PatientRow } from './patients.repo.ts';
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

  const rows = await searchPatients(knex, filter, sort, offset, limit);
  // Every patient shown finds this search in their ledger; the answer waits for the row.
  await recordAudit(knex, actor, {
    action: 'search',
    resource: 'patients',
    listedPatientIds: rows.map((row) => row.id),
    details: { criteria: filter, sort: [sort.field, sort.order], range: [offset, offset + limit - 1] },
  });
  let total: ListTotal;
  if (rows.length < limit && (rows.length > 0 || offset === 0)) {
    total = { exact: offset + rows.length };
  } else {
    const counted = await countPatientsUpTo(knex, filter, cap);
    total = counted > cap ? { atLeast: cap } : { exact: counted };
  }
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
  return withAge(row, todayIn(await settings.get('organization.time_zone'), clock()));
}
