import type { Knex } from '@portaldesk/db';
import { conflict } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import type { CorrectionFilter, HoldBasis, HoldFilter, ResultFilter } from './results.schema.ts';

type Db = Knex | Knex.Transaction;

/** A result with its category and the hold it is under now, if any. */
export interface ResultRow {
  id: number;
  patient_id: number;
  accession_number: string;
  loinc_code: string;
  test_name: string;
  value: string;
  value_numeric: string | null;
  unit: string | null;
  reference_range: string | null;
  reference_low: string | null;
  reference_high: string | null;
  abnormal_flag: string | null;
  category: string;
  category_name: string;
  proxy_category: string | null;
  performed_at: Date;
  resulted_at: Date;
  received_at: Date;
  released_at: Date | null;
  corrected_at: Date | null;
  corrections: number;
  hold: { id: number; basis: HoldBasis; ends_at: string | null; until_patient_asks: boolean; decided_by_name: string; placed_at: string } | null;
}

function resultQuery(knex: Db) {
  return knex('results as r')
    .join('result_categories as c', 'c.code', 'r.category')
    .leftJoin('result_holds as h', function openHold() {
      this.on('h.result_id', 'r.id').andOnNull('h.ended_at');
    })
    .select(
      'r.id',
      'r.patient_id',
      'r.accession_number',
      'r.loinc_code',
      'r.test_name',
      'r.value',
      'r.value_numeric',
      'r.unit',
      'r.reference_range',
      'r.reference_low',
      'r.reference_high',
      'r.abnormal_flag',
      'r.category',
      'c.name as category_name',
      'c.proxy_category',
      'r.performed_at',
      'r.resulted_at',
      'r.received_at',
      'r.released_at',
      'r.corrected_at',
      'r.corrections',
      knex.raw(`CASE WHEN h.id IS NULL THEN NULL ELSE json_build_object('id', h.id, 'basis', h.basis, 'ends_at', h.ends_at,
                  'until_patient_asks', h.until_patient_asks, 'decided_by_name', h.decided_by_name, 'placed_at', h.placed_at) END AS hold`),
    );
}

/** One patient's results, a page of them, and how many match. */
export async function listResults(knex: Db, list: ListQuery<ResultFilter>): Promise<{ rows: ResultRow[]; total: number }> {
  const { patient_id: patientId, loinc_code: loincCode, status } = list.filter;
  const where = (query: Knex.QueryBuilder) => {
    query.where('r.patient_id', patientId);
    if (loincCode) query.where('r.loinc_code', loincCode);
    if (status === 'released') query.whereNotNull('r.released_at');
    if (status === 'held') query.whereNull('r.released_at');
    return query;
  };
  const rows: ResultRow[] = await where(resultQuery(knex))
    .orderBy(`r.${list.sort.field}`, list.sort.order)
    .orderBy('r.id', list.sort.order)
    .offset(list.offset)
    .limit(list.limit);
  const [{ count }] = await where(knex('results as r')).count({ count: '*' });
  return { rows, total: Number(count) };
}

export interface CorrectionRow {
  id: number;
  result_id: number;
  corrected_at: Date;
  file_name: string;
  imported_by_name: string | null;
  was_released: boolean;
  old_values: Record<string, string | null>;
  new_values: Record<string, string | null>;
}

/** A result's corrections, a page of them, and how many there are. */
export async function listCorrections(knex: Db, list: ListQuery<CorrectionFilter>): Promise<{ rows: CorrectionRow[]; total: number }> {
  const rows: CorrectionRow[] = await knex('result_corrections as c')
    .leftJoin('staff_users as s', 's.id', 'c.imported_by')
    .where('c.result_id', list.filter.result_id)
    .select('c.id', 'c.result_id', 'c.corrected_at', 'c.file_name', 's.display_name as imported_by_name', 'c.was_released', 'c.old_values', 'c.new_values')
    .orderBy(`c.${list.sort.field}`, list.sort.order)
    .orderBy('c.id', list.sort.order)
    .offset(list.offset)
    .limit(list.limit);
  const [{ count }] = await knex('result_corrections').where('result_id', list.filter.result_id).count({ count: '*' });
  return { rows, total: Number(count) };
}

/** The named results, locked for a hold or a release, with their category's state-law rule. */
export async function lockResults(
  trx: Knex.Transaction,
  ids: number[],
): Promise<
  {
    id: number;
    patient_id: number;
    category: string;
    category_name: string;
    hold_citation: string | null;
    hold_days: number | null;
    released_at: Date | null;
  }[]
> {
  return trx('results as r')
    .join('result_categories as c', 'c.code', 'r.category')
    .whereIn('r.id', ids)
    .orderBy('r.id')
    .forUpdate('r')
    .select('r.id', 'r.patient_id', 'r.category', 'c.name as category_name', 'c.hold_citation', 'c.hold_days', 'r.released_at');
}

export interface OpenHoldRow {
  id: number;
  result_id: number;
  patient_id: number;
  basis: HoldBasis;
  ends_at: Date | null;
  until_patient_asks: boolean;
  version: number;
}

export async function openHoldsOf(trx: Knex.Transaction, resultIds: number[]): Promise<OpenHoldRow[]> {
  return trx('result_holds')
    .whereIn('result_id', resultIds)
    .whereNull('ended_at')
    .orderBy('id')
    .forUpdate()
    .select('id', 'result_id', 'patient_id', 'basis', 'ends_at', 'until_patient_asks', 'version');
}

/**
 * Ends open holds and (unless `release` is false: a hold superseded by another) releases their
 * results, as one step: a released result has no open hold. A hold that is no longer open means
 * someone else ended it first, and the whole step is refused.
 */
export async function endHolds(
  trx: Knex.Transaction,
  holds: { id: number; result_id: number }[],
  ending: { how: 'expired' | 'released_now' | 'basis_withdrawn' | 'superseded'; by: number | null; reason: string | null; at: Date },
  { release = true } = {},
): Promise<void> {
  if (!holds.length) return;
  const ended = await trx('result_holds')
    .whereIn(
      'id',
      holds.map((hold) => hold.id),
    )
    .whereNull('ended_at')
    .update({ ended_at: ending.at, ended_how: ending.how, ended_by: ending.by, end_reason: ending.reason, version: trx.raw('version + 1') });
  if (ended !== holds.length) throw conflict('A hold ended meanwhile: nothing was changed. Read the results again.', 'not_held');
  if (!release) return;
  await trx('results')
    .whereIn(
      'id',
      holds.map((hold) => hold.result_id),
    )
    .update({ released_at: ending.at, first_released_at: trx.raw('coalesce(first_released_at, ?)', [ending.at]), version: trx.raw('version + 1') });
}

/**
 * The release job's step: takes up to `limit` open holds whose end has come, locking each hold
 * and its result in the one statement and skipping any another transaction holds (another
 * worker, or a clinician acting on the result), so the job never waits on a lock, never
 * deadlocks with a clinician, and each hold is ended (its result released) by exactly one
 * transaction. A skipped hold is due again on the next run.
 */
export async function takeDueHolds(
  trx: Knex.Transaction,
  now: Date,
  limit: number,
): Promise<{ id: number; result_id: number; patient_id: number; basis: string; ends_at: Date }[]> {
  const { rows } = await trx.raw<{ rows: { id: number; result_id: number; patient_id: number; basis: string; ends_at: Date }[] }>(
    `SELECT h.id, h.result_id, h.patient_id, h.basis, h.ends_at
       FROM result_holds h
       JOIN results r ON r.id = h.result_id
      WHERE h.ended_at IS NULL AND h.ends_at <= ?
      ORDER BY h.ends_at
      LIMIT ?
        FOR UPDATE OF h, r SKIP LOCKED`,
    [now, limit],
  );
  return rows;
}

export interface HoldRow {
  id: number;
  result_id: number;
  patient_id: number;
  patient_mrn: string;
  patient_name: string;
  accession_number: string;
  test_name: string;
  basis: HoldBasis;
  reason: string;
  placed_at: Date;
  decided_by_name: string;
  ends_at: Date | null;
  until_patient_asks: boolean;
  requested_on: string | null;
  harm_type: string | null;
  citation: string | null;
  category: string | null;
  ended_at: Date | null;
  ended_how: string | null;
  ended_by_name: string | null;
  end_reason: string | null;
  extensions: number;
  version: number;
}

function holdQuery(knex: Db) {
  return knex('result_holds as h')
    .join('results as r', 'r.id', 'h.result_id')
    .join('patients as p', 'p.id', 'h.patient_id')
    .leftJoin('staff_users as e', 'e.id', 'h.ended_by')
    .select(
      'h.id',
      'h.result_id',
      'h.patient_id',
      'p.mrn as patient_mrn',
      knex.raw("p.family_name || ', ' || p.given_name AS patient_name"),
      'r.accession_number',
      'r.test_name',
      'h.basis',
      'h.reason',
      'h.placed_at',
      'h.decided_by_name',
      'h.ends_at',
      'h.until_patient_asks',
      'h.requested_on',
      'h.harm_type',
      'h.citation',
      'h.category',
      'h.ended_at',
      'h.ended_how',
      'e.display_name as ended_by_name',
      'h.end_reason',
      'h.extensions',
      'h.version',
    );
}

function whereHolds(query: Knex.QueryBuilder, filter: HoldFilter, bounds: { placedFrom: Date | null; placedBefore: Date | null }) {
  if (filter.patient_id) query.where('h.patient_id', filter.patient_id);
  if (filter.basis) query.where('h.basis', filter.basis);
  if (filter.open === true) query.whereNull('h.ended_at');
  if (filter.open === false) query.whereNotNull('h.ended_at');
  if (filter.ended_how) query.where('h.ended_how', filter.ended_how);
  if (bounds.placedFrom) query.where('h.placed_at', '>=', bounds.placedFrom);
  if (bounds.placedBefore) query.where('h.placed_at', '<', bounds.placedBefore);
  if (filter.ends_before) query.where('h.ends_at', '<', new Date(filter.ends_before));
  return query;
}

export async function listHolds(
  knex: Db,
  list: ListQuery<HoldFilter>,
  bounds: { placedFrom: Date | null; placedBefore: Date | null },
): Promise<{ rows: HoldRow[]; total: number }> {
  // Open holds without an end (until the patient asks) come last when sorting by the end.
  const nulls = list.sort.field === 'ends_at' || list.sort.field === 'ended_at' ? 'last' : undefined;
  const rows: HoldRow[] = await whereHolds(holdQuery(knex), list.filter, bounds)
    .orderBy(`h.${list.sort.field}`, list.sort.order, nulls)
    .orderBy('h.id', list.sort.order)
    .offset(list.offset)
    .limit(list.limit);
  const [{ count }] = await whereHolds(knex('result_holds as h'), list.filter, bounds).count({ count: '*' });
  return { rows, total: Number(count) };
}

/** Every hold the filter matches, oldest first, up to `limit` + 1 (to tell the caller there are more). */
export async function holdsForExport(
  knex: Db,
  filter: HoldFilter,
  bounds: { placedFrom: Date | null; placedBefore: Date | null },
  limit: number,
): Promise<HoldRow[]> {
  return whereHolds(holdQuery(knex), filter, bounds)
    .orderBy('h.placed_at')
    .orderBy('h.id')
    .limit(limit + 1);
}

/** The renewals of the given holds, oldest first. */
export async function extensionsOf(
  knex: Db,
  holdIds: number[],
): Promise<{ hold_id: number; extended_at: Date; decided_by_name: string; new_ends_at: Date | null; reason: string }[]> {
  if (holdIds.length === 0) return [];
  return knex('result_hold_extensions')
    .whereRaw('hold_id = ANY(?::bigint[])', [holdIds])
    .orderBy('extended_at')
    .orderBy('id')
    .select('hold_id', 'extended_at', 'decided_by_name', 'new_ends_at', 'reason');
}

export async function findHold(knex: Db, id: number): Promise<HoldRow | undefined> {
  return holdQuery(knex).where('h.id', id).first();
}
