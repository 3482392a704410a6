import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { DeskLocationFilter } from './desk-locations.schema.ts';

export interface DeskLocationRow {
  id: number;
  name: string;
  retired_at: Date | null;
  retired_by_username: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by_username: string | null;
  version: number;
}

function locations(knex: Knex | Knex.Transaction) {
  return knex('desk_locations as l')
    .leftJoin('staff_users as u', 'u.id', 'l.updated_by')
    .leftJoin('staff_users as r', 'r.id', 'l.retired_by')
    .select(
      'l.id',
      'l.name',
      'l.retired_at',
      'r.username as retired_by_username',
      'l.created_at',
      'l.updated_at',
      'u.username as updated_by_username',
      'l.version',
    );
}

function applyFilter(query: Knex.QueryBuilder, filter: DeskLocationFilter): Knex.QueryBuilder {
  if (filter.q) query.whereRaw('strpos(desk_location_name_key(l.name), desk_location_name_key(?)) > 0', [filter.q]);
  if (filter.active === true) query.whereNull('l.retired_at');
  if (filter.active === false) query.whereNotNull('l.retired_at');
  if (filter.id) query.whereIn('l.id', filter.id);
  return query;
}

export async function listDeskLocations(knex: Knex, filter: DeskLocationFilter, sort: { field: string; order: SortOrder }, offset: number, limit: number) {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const query = applyFilter(locations(knex), filter);
  if (sort.field === 'name') query.orderByRaw(`desk_location_name_key(l.name) ${direction === 'asc' ? 'ASC' : 'DESC'}`);
  const rows: DeskLocationRow[] = await query.orderBy('l.id', direction).offset(offset).limit(limit);
  const [{ count }] = await applyFilter(knex('desk_locations as l'), filter).count<{ count: string }[]>({ count: '*' });
  return { rows, total: Number(count) };
}

/** The locations offered for new codes, by name. */
export async function listActiveDeskLocations(knex: Knex): Promise<{ id: number; name: string }[]> {
  return knex('desk_locations').select('id', 'name').whereNull('retired_at').orderByRaw('desk_location_name_key(name)').orderBy('id');
}

export async function findDeskLocation(knex: Knex | Knex.Transaction, id: number, forUpdate = false): Promise<DeskLocationRow | undefined> {
  const query = locations(knex).where('l.id', id).first();
  if (forUpdate) query.forUpdate('l');
  return query;
}

/** The location whose name is `name` whatever its case and spacing, if any. */
export async function findDeskLocationNamed(
  knex: Knex | Knex.Transaction,
  name: string,
): Promise<{ id: number; name: string; retired_at: Date | null } | undefined> {
  return knex('desk_locations').first('id', 'name', 'retired_at').whereRaw('desk_location_name_key(name) = desk_location_name_key(?)', [name]);
}

/** Adds a location; answers undefined when its name is taken (by the unique key, so concurrent adds of one name give one row). */
export async function insertDeskLocation(trx: Knex.Transaction, name: string, by: number | null, now: Date): Promise<number | undefined> {
  const { rows } = await trx.raw<{ rows: { id: number }[] }>(
    `INSERT INTO desk_locations (name, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT ((desk_location_name_key(name))) DO NOTHING
     RETURNING id`,
    [name, now, by, now, by],
  );
  return rows[0]?.id;
}

/** Changes a location's columns and steps its version. */
export async function updateDeskLocation(
  trx: Knex.Transaction,
  id: number,
  changes: { name?: string; retired_at?: Date | null; retired_by?: number | null },
  by: number | null,
  now: Date,
): Promise<void> {
  await trx('desk_locations')
    .where({ id })
    .update({ ...changes, updated_at: now, updated_by: by, version: trx.raw('version + 1') });
}
