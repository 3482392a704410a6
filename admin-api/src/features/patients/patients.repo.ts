import type { Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { PatientFilter } from './patients.schema.ts';

/** Columns a search result shows. */
const LIST_COLUMNS = ['id', 'mrn', 'family_name', 'given_name', 'date_of_birth', 'sex', 'deceased_date', 'city', 'state'];
/** Columns of the full record. */
const RECORD_COLUMNS = [
  ...LIST_COLUMNS,
  'phone',
  'email',
  'address_line1',
  'address_line2',
  'postal_code',
  'created_at',
  'updated_at',
];

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

/**
 * The WHERE clause of a search. Prefix search compares lower(name) COLLATE "C" so the
 * patients_name_prefix_idx B-tree serves both the match and the ORDER BY.
 */
function applyFilter(query: Knex.QueryBuilder, filter: PatientFilter): Knex.QueryBuilder {
  if (filter.q) {
    if (filter.match === 'contains') {
      query.whereRaw("lower(family_name || ' ' || given_name) LIKE ?", [`%${escapeLike(filter.q.toLowerCase())}%`]);
    } else {
      const { family, given } = parseNameQuery(filter.q);
      if (family) query.whereRaw('lower(family_name) COLLATE "C" LIKE ?', [`${escapeLike(family)}%`]);
      if (given) query.whereRaw('lower(given_name) COLLATE "C" LIKE ?', [`${escapeLike(given)}%`]);
    }
  }
  if (filter.mrn) query.where('mrn', filter.mrn);
  if (filter.date_of_birth) query.where('date_of_birth', filter.date_of_birth);
  if (filter.id) query.whereIn('id', filter.id);
  return query;
}

const ORDER: Record<string, string[]> = {
  family_name: ['lower(family_name) COLLATE "C"', 'lower(given_name) COLLATE "C"', 'id'],
  date_of_birth: ['date_of_birth', 'id'],
  mrn: ['mrn'],
};

export async function searchPatients(
  knex: Knex,
  filter: PatientFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<PatientRow[]> {
  const query = applyFilter(knex('patients').select(LIST_COLUMNS), filter);
  for (const expression of ORDER[sort.field]) query.orderByRaw(`${expression} ${sort.order}`);
  return query.offset(offset).limit(limit);
}

/** Counts matches up to `cap` + 1, so a broad search never counts a million rows. */
export async function countPatientsUpTo(knex: Knex, filter: PatientFilter, cap: number): Promise<number> {
  const inner = applyFilter(knex('patients').select(knex.raw('1')), filter).limit(cap + 1);
  const [{ count }] = await knex.from(inner.as('matches')).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

export async function findPatient(knex: Knex, id: number): Promise<PatientRecordRow | undefined> {
  return knex('patients').first(RECORD_COLUMNS).where({ id });
}
