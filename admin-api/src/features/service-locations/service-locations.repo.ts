import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { ServiceLocationFilter } from './service-locations.schema.ts';

export interface ServiceLocationRow {
  id: number;
  name: string;
  billing_phone: string;
  accepts_online_payments: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by_username: string | null;
  version: number;
}

/** A location's columns that admins set. */
export interface ServiceLocationFields {
  name: string;
  billing_phone: string;
  accepts_online_payments: boolean;
}

function locations(knex: Knex | Knex.Transaction) {
  return knex('service_locations as l')
    .leftJoin('staff_users as u', 'u.id', 'l.updated_by')
    .select('l.id', 'l.name', 'l.billing_phone', 'l.accepts_online_payments', 'l.created_at', 'l.updated_at', 'u.username as updated_by_username', 'l.version');
}

function applyFilter(query: Knex.QueryBuilder, filter: ServiceLocationFilter): Knex.QueryBuilder {
  if (filter.q) query.whereRaw('strpos(service_location_name_key(l.name), service_location_name_key(?)) > 0', [filter.q]);
  if (filter.accepts_online_payments !== undefined) query.where('l.accepts_online_payments', filter.accepts_online_payments);
  if (filter.id) query.whereIn('l.id', filter.id);
  return query;
}

export async function listServiceLocations(
  knex: Knex,
  filter: ServiceLocationFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<{ rows: ServiceLocationRow[]; total: number }> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const query = applyFilter(locations(knex), filter);
  if (sort.field === 'name') query.orderByRaw(`service_location_name_key(l.name) ${direction === 'asc' ? 'ASC' : 'DESC'}`);
  const rows: ServiceLocationRow[] = await query.orderBy('l.id', direction).offset(offset).limit(limit);
  const [{ count }] = await applyFilter(knex('service_locations as l'), filter).count<{ count: string }[]>({ count: '*' });
  return { rows, total: Number(count) };
}

export async function findServiceLocation(knex: Knex | Knex.Transaction, id: number, forUpdate = false): Promise<ServiceLocationRow | undefined> {
  const query = locations(knex).where('l.id', id).first();
  if (forUpdate) query.forUpdate('l');
  return query;
}

/** The location whose name is `name` whatever its case and spacing, if any. */
export async function findServiceLocationNamed(knex: Knex | Knex.Transaction, name: string): Promise<{ id: number; name: string } | undefined> {
  return knex('service_locations').first('id', 'name').whereRaw('service_location_name_key(name) = service_location_name_key(?)', [name]);
}

/** Adds a location; answers undefined when its name is taken (by the unique key, so concurrent adds of one name give one row). */
export async function insertServiceLocation(trx: Knex.Transaction, fields: ServiceLocationFields, by: number | null, now: Date): Promise<number | undefined> {
  const { rows } = await trx.raw<{ rows: { id: number }[] }>(
    `INSERT INTO service_locations (name, billing_phone, accepts_online_payments, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ((service_location_name_key(name))) DO NOTHING
     RETURNING id`,
    [fields.name, fields.billing_phone, fields.accepts_online_payments, now, by, now, by],
  );
  return rows[0]?.id;
}

/** Changes a location's columns and steps its version. */
export async function updateServiceLocation(trx: Knex.Transaction, id: number, fields: ServiceLocationFields, by: number | null, now: Date): Promise<void> {
  await trx('service_locations')
    .where({ id })
    .update({ ...fields, updated_at: now, updated_by: by, version: trx.raw('version + 1') });
}
