import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { IDENTITY_CHECK_STATUSES, IdentityCheckFilter } from './identity-check-failures.schema.ts';

export interface IdentityCheckRow {
  id: number;
  reported_at: Date;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
  reason: string;
  patient_id: number | null;
  patient_mrn: string | null;
  status: (typeof IDENTITY_CHECK_STATUSES)[number];
  resolved_at: Date | null;
  resolved_by_name: string | null;
  resolution: string | null;
  version: number;
}

function query(knex: Knex | Knex.Transaction) {
  return knex('identity_check_failures as f')
    .leftJoin('patients as p', 'p.id', 'f.patient_id')
    .leftJoin('staff_users as s', 's.id', 'f.resolved_by')
    .select(
      'f.id',
      'f.reported_at',
      'f.family_name',
      'f.given_name',
      'f.date_of_birth',
      'f.email',
      'f.phone',
      'f.reason',
      'f.patient_id',
      'p.mrn as patient_mrn',
      'f.status',
      'f.resolved_at',
      's.display_name as resolved_by_name',
      'f.resolution',
      'f.version',
    );
}

function applyFilter(builder: Knex.QueryBuilder, filter: IdentityCheckFilter): Knex.QueryBuilder {
  if (filter.status) builder.where('f.status', filter.status);
  if (filter.patient_id) builder.where('f.patient_id', filter.patient_id);
  return builder;
}

export async function listIdentityChecks(
  knex: Knex,
  filter: IdentityCheckFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<IdentityCheckRow[]> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const rows = applyFilter(query(knex), filter);
  if (sort.field !== 'id') rows.orderBy('f.reported_at', direction);
  return rows.orderBy('f.id', direction).offset(offset).limit(limit);
}

export async function countIdentityChecks(knex: Knex, filter: IdentityCheckFilter): Promise<number> {
  const [{ count }] = await applyFilter(knex('identity_check_failures as f'), filter).count<{ count: number }[]>({ count: '*' });
  return Number(count);
}

export async function findIdentityCheck(knex: Knex | Knex.Transaction, id: number): Promise<IdentityCheckRow | undefined> {
  return query(knex).where('f.id', id).first();
}

export interface ChartRow {
  mrn: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  email: string | null;
  phone: string | null;
}

/** The patient's chart in the fields a portal report holds, to compare with it. */
export async function findChart(knex: Knex | Knex.Transaction, patientId: number): Promise<ChartRow | undefined> {
  return knex('patients').first('mrn', 'family_name', 'given_name', 'date_of_birth', 'email', 'phone').where({ id: patientId });
}

/**
 * The open case that follows `after` in queue order (reported_at, then id), or when none does, the
 * first open one: support goes on through the queue and comes back round to cases left open.
 */
export async function findNextOpenCase(knex: Knex | Knex.Transaction, after: { id: number; reported_at: Date }): Promise<number | null> {
  const next = await knex('identity_check_failures')
    .first('id')
    .where({ status: 'open' })
    .whereNot({ id: after.id })
    .orderByRaw('(reported_at, id) > (?::timestamptz, ?::bigint) DESC', [after.reported_at, after.id])
    .orderBy('reported_at')
    .orderBy('id');
  return next?.id ?? null;
}
