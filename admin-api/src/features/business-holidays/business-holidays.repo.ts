import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { HolidayFilter } from './business-holidays.schema.ts';

export interface HolidayRow {
  id: number;
  date: string;
  name: string;
  source: 'federal' | 'admin';
  updated_at: Date;
  updated_by_username: string | null;
  version: number;
}

function holidays(knex: Knex | Knex.Transaction) {
  return knex('business_holidays as h')
    .leftJoin('staff_users as s', 's.id', 'h.updated_by')
    .select('h.id', 'h.date', 'h.name', 'h.source', 'h.updated_at', 's.username as updated_by_username', 'h.version');
}

function applyFilter(query: Knex.QueryBuilder, filter: HolidayFilter): Knex.QueryBuilder {
  if (filter.year) query.whereBetween('h.date', [`${filter.year}-01-01`, `${filter.year}-12-31`]);
  if (filter.id) query.whereIn('h.id', filter.id);
  return query;
}

export async function listHolidays(knex: Knex, filter: HolidayFilter, sort: { field: string; order: SortOrder }, offset: number, limit: number) {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const rows: HolidayRow[] = await applyFilter(holidays(knex), filter)
    .orderBy(sort.field === 'id' ? 'h.id' : 'h.date', direction)
    .offset(offset)
    .limit(limit);
  const [{ count }] = await applyFilter(knex('business_holidays as h'), filter).count<{ count: string }[]>({ count: '*' });
  return { rows, total: Number(count) };
}

export async function findHoliday(knex: Knex | Knex.Transaction, id: number, forUpdate = false): Promise<HolidayRow | undefined> {
  const query = holidays(knex).where('h.id', id).first();
  if (forUpdate) query.forUpdate('h');
  return query;
}

/** Inserts holidays, skipping dates already listed; answers the ids of those added. */
export async function insertHolidays(
  trx: Knex.Transaction,
  rows: { date: string; name: string; source: 'federal' | 'admin' }[],
  by: number | null,
  now: Date,
): Promise<number[]> {
  if (!rows.length) return [];
  const inserted: { id: number }[] = await trx('business_holidays')
    .insert(rows.map((row) => ({ ...row, created_at: now, created_by: by, updated_at: now, updated_by: by })))
    .onConflict('date')
    .ignore()
    .returning('id');
  return inserted.map((row) => row.id);
}

/** Notes that a year's federal holidays were added, once; answers false when they already were. */
export async function claimFederalYear(trx: Knex.Transaction, year: number, now: Date): Promise<boolean> {
  const claimed = await trx('business_calendar_years').insert({ year, federal_holidays_added_at: now }).onConflict('year').ignore().returning('year');
  return claimed.length > 0;
}
