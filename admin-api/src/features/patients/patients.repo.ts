import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { PatientFilter } from './patients.schema.ts';

/** Columns a search result shows. */
const LIST_COLUMNS = ['id', 'mrn', 'family_name', 'given_name', 'date_of_birth', 'sex', 'deceased_date', 'city', 'state'];
/** Columns of the full record. */
const RECORD_COLUMNS = [...LIST_COLUMNS, 'phone', 'email', 'address_line1', 'address_line2', 'postal_code', 'created_at', 'updated_at'];

export interface PatientRow {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  sex: string;
  deceased_date: string | null;
  city: string | null;
  state: string | null;
}

export interface PatientRecordRow extends PatientRow {
  phone: string | null;
  email: string | null;
  address_line1: string | null;
  address_line2: string | null;
  postal_code: string | null;
  created_at: Date;
  updated_at: Date;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Splits "family, given" (either part may be empty). */
export function parseNameQuery(q: string): { family: string; given: string } {
  const [family, ...rest] = q.split(',');
  return { family: family.trim().toLowerCase(), given: rest.join(',').trim().toLowerCase() };
}

const isContainsSearch = (filter: PatientFilter) => Boolean(filter.q) && filter.match === 'contains';

/**
 * The WHERE clause of a search. Prefix search compares the generated family_key and given_key
 * (lower-cased, C collation) so one B-tree serves both the match and the ORDER BY.
 */
function applyFilter(query: Knex.QueryBuilder, filter: PatientFilter): Knex.QueryBuilder {
  if (filter.q) {
    if (filter.match === 'contains') {
      query.whereRaw("lower(family_name || ' ' || given_name) LIKE ?", [`%${escapeLike(filter.q.toLowerCase())}%`]);
    } else {
      const { family, given } = parseNameQuery(filter.q);
      if (family) query.where('family_key', 'like', `${escapeLike(family)}%`);
      if (given) query.where('given_key', 'like', `${escapeLike(given)}%`);
    }
  }
  if (filter.mrn) query.where('mrn', filter.mrn);
  if (filter.date_of_birth) query.where('date_of_birth', filter.date_of_birth);
  if (filter.id) query.whereIn('id', filter.id);
  return query;
}

const SORT_KEYS = ['family_key', 'given_key'];
const ORDER: Record<string, string[]> = {
  family_name: [...SORT_KEYS, 'id'],
  date_of_birth: ['date_of_birth', 'id'],
  mrn: ['mrn'],
  // react-admin's default sort; staff see no ids, so it only has to be accepted and stable.
  id: ['id'],
};

/**
 * The rows a search may page through. A substring search gathers its matches through the
 * trigram index first: left to itself the planner walks the name B-tree in sort order and
 * filters, which is quick when matches are everywhere and takes seconds when they are rare.
 */
function matches(knex: Knex, filter: PatientFilter): Knex.QueryBuilder {
  if (!isContainsSearch(filter)) return applyFilter(knex('patients').select(LIST_COLUMNS), filter);
  const gathered = applyFilter(knex('patients').select([...LIST_COLUMNS, ...SORT_KEYS]), filter);
  return knex.withMaterialized('matches', gathered).from('matches').select(LIST_COLUMNS);
}

export async function searchPatients(
  knex: Knex,
  filter: PatientFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<PatientRow[]> {
  const query = matches(knex, filter);
  for (const column of ORDER[sort.field]) query.orderBy(column, sort.order === 'ASC' ? 'asc' : 'desc');
  return query.offset(offset).limit(limit);
}

/** Counts matches up to `cap` + 1, so a broad search never counts a million rows. */
export async function countPatientsUpTo(knex: Knex, filter: PatientFilter, cap: number): Promise<number> {
  const inner = isContainsSearch(filter) ? matches(knex, filter).limit(cap + 1) : applyFilter(knex('patients').select(knex.raw('1')), filter).limit(cap + 1);
  const [{ count }] = await knex.from(inner.as('matches')).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

export async function findPatient(knex: Knex, id: number): Promise<PatientRecordRow | undefined> {
  return knex('patients').first(RECORD_COLUMNS).where({ id });
}
