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
  'race',
  'ethnicity',
  'preferred_language',
  'sexual_orientation',
  'gender_identity',
  'version',
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
  race: string[] | null;
  ethnicity: string | null;
  preferred_language: string | null;
  sexual_orientation: string | null;
  gender_identity: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A way to read a name query: prefixes of the family and the given name; an absent part is not compared. */
interface NameReading {
  family?: string;
  given?: string;
}

/**
 * How a name query is read, the likeliest readings first. "family, given" means just that (either
 * part may be empty). Words without a comma are the family name typed with spaces ("O Connell",
 * "Van der Berg") or family then given name, split at any space ("Smith Cale"); after all of
 * those come the same words as given then family name ("Cale Smith" finds Smith, Cale).
 */
function readNameQuery(q: string): { exact: NameReading[]; swapped: NameReading[] } {
  if (q.includes(',')) {
    const [family, ...rest] = q.split(',');
    const given = rest.join(',');
    return { exact: [{ family: family.trim() || undefined, given: given.trim() || undefined }], swapped: [] };
  }
  const words = q.split(/\s+/).filter(Boolean);
  const exact: NameReading[] = [{ family: q }];
  const swapped: NameReading[] = [];
  for (let split = 1; split < words.length; split += 1) {
    const before = words.slice(0, split).join(' ');
    const after = words.slice(split).join(' ');
    exact.push({ family: before, given: after });
    swapped.push({ family: after, given: before });
  }
  return { exact, swapped };
}

/**
 * A stored key starts with the key of the bound text (both by patient_name_key, so stored and
 * typed names are normalised alike). A text with no letters left matches nothing. The key is
 * computed once, while the query is planned, so the LIKE becomes a range of the B-tree.
 */
const startsWithKeyOf = (column: 'family_name_key' | 'given_name_key') => `${column} LIKE nullif(patient_name_key(?), '') || '%'`;

function matchesReading(knex: Knex, { family, given }: NameReading): Knex.Raw {
  const conditions: string[] = [];
  const bindings: string[] = [];
  if (family !== undefined) {
    conditions.push(startsWithKeyOf('family_name_key'));
    bindings.push(family);
  }
  if (given !== undefined) {
    conditions.push(startsWithKeyOf('given_name_key'));
    bindings.push(given);
  }
  return knex.raw(conditions.join(' AND ') || 'false', bindings);
}

const matchesAnyReading = (knex: Knex, readings: NameReading[]) =>
  knex.raw(
    readings.map(() => '(?)').join(' OR '),
    readings.map((reading) => matchesReading(knex, reading)),
  );

/** Fewer letters give the trigram index nothing to look up: it would read all of itself. */
export const CONTAINS_MIN_LENGTH = 3;

export const isContainsSearch = (filter: PatientFilter) => Boolean(filter.q) && filter.match === 'contains';

/**
 * The WHERE clause of a search. Names are compared by their keys (see patient_name_key): prefix
 * search on the stored family_name_key and given_name_key (C collation), so one B-tree serves
 * both the match and the ORDER BY; "contains" on the whole name's key, through trigrams.
 */
function applyFilter(knex: Knex, query: Knex.QueryBuilder, filter: PatientFilter): Knex.QueryBuilder {
  if (filter.q) {
    if (filter.match === 'contains') {
      query.whereRaw("(family_name_key || given_name_key) LIKE '%' || patient_name_key(?) || '%' AND char_length(patient_name_key(?)) >= ?", [
        filter.q,
        filter.q,
        CONTAINS_MIN_LENGTH,
      ]);
    } else {
      const { exact, swapped } = readNameQuery(filter.q);
      query.where(matchesAnyReading(knex, [...exact, ...swapped]));
    }
  }
  if (filter.mrn) query.where('mrn', filter.mrn);
  if (filter.date_of_birth) query.where('date_of_birth', filter.date_of_birth);
  if (filter.id) query.whereIn('id', filter.id);
  return query;
}

const SORT_KEYS = ['family_name_key', 'given_name_key'];
const ORDER: Record<string, string[]> = {
  family_name: [...SORT_KEYS, 'id'],
  date_of_birth: ['date_of_birth', 'id'],
  mrn: ['mrn'],
  // react-admin's default sort; staff see no ids, so it only has to be accepted and stable.
  id: ['id'],
};

/**
 * A "contains" search with more matches than this (0.02% of a million patients) walks the name
 * index in order to fill its page; with fewer, it gathers them through the trigram index.
 */
const COMMON_FRAGMENT_MATCHES = 200;

/**
 * The rows a search may page through. A substring search gathers its matches through the
 * trigram index first: left to itself the planner walks the name B-tree in sort order and
 * filters, which is quick when matches are everywhere and takes seconds when they are rare.
 */
function matches(knex: Knex, filter: PatientFilter): Knex.QueryBuilder {
  if (!isContainsSearch(filter)) return applyFilter(knex, knex('patients').select(LIST_COLUMNS), filter);
  const gathered = applyFilter(knex, knex('patients').select([...LIST_COLUMNS, ...SORT_KEYS]), filter);
  return knex.withMaterialized('matches', gathered).from('matches').select(LIST_COLUMNS);
}

/**
 * A page of a "contains" search for a common fragment, in name order: the name index is walked
 * in order, reading only the index (the keys and ids are all in it), until the page is full,
 * then only the page's patients are read. Gathering every match instead would sort tens of
 * thousands of them for a fragment such as "son".
 */
async function containsPageInNameOrder(knex: Knex, filter: PatientFilter, direction: 'asc' | 'desc', offset: number, limit: number): Promise<PatientRow[]> {
  const walk = applyFilter(knex, knex('patients').select(ORDER.family_name), filter);
  for (const column of ORDER.family_name) walk.orderBy(column, direction);
  const page = knex
    .from(walk.offset(offset).limit(limit).as('page'))
    .join('patients as p', 'p.id', 'page.id')
    .select(LIST_COLUMNS.map((column) => `p.${column}`));
  for (const column of ORDER.family_name) page.orderBy(`page.${column}`, direction);
  return page;
}

export async function searchPatients(
  knex: Knex,
  filter: PatientFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
  /** For a "contains" search: its matches as countPatientsUpTo counted them. */
  matchCount?: number,
): Promise<PatientRow[]> {
  const direction = sort.order === 'ASC' ? 'asc' : 'desc';
  const common = matchCount !== undefined && matchCount > COMMON_FRAGMENT_MATCHES;
  if (isContainsSearch(filter) && common && sort.field === 'family_name' && !filter.mrn && !filter.date_of_birth && !filter.id) {
    return containsPageInNameOrder(knex, filter, direction, offset, limit);
  }
  const query = matches(knex, filter);
  const readings = filter.q && !isContainsSearch(filter) ? readNameQuery(filter.q) : undefined;
  // Patients found with the words in the order typed come first, then those found with them
  // swapped, each part in the chosen sort: one ordered list, so pages and the count agree with
  // it. Such a search gathers all its matches before sorting them (few, for words people type);
  // a one-word or "family, given" search walks the index in the list's order and stops at the page's end.
  if (readings?.swapped.length) query.orderByRaw('CASE WHEN ? THEN 0 ELSE 1 END', [matchesAnyReading(knex, readings.exact)]);
  for (const column of ORDER[sort.field]) query.orderBy(column, direction);
  return query.offset(offset).limit(limit);
}

/**
 * Counts matches up to `cap` + 1, so a broad search never counts a million rows. Left to the
 * planner, also for "contains": a common fragment reaches the cap early in a plain scan, a rare
 * one is counted through the trigram index.
 */
export async function countPatientsUpTo(knex: Knex, filter: PatientFilter, cap: number): Promise<number> {
  const inner = applyFilter(knex, knex('patients').select(knex.raw('1')), filter).limit(cap + 1);
  const [{ count }] = await knex.from(inner.as('matches')).count<{ count: string }[]>({ count: '*' });
  return Number(count);
}

export async function findPatient(knex: Knex, id: number): Promise<PatientRecordRow | undefined> {
  return knex('patients').first(RECORD_COLUMNS).where({ id });
}

/**
 * The patients born on `dateOfBirth` whose family and given names have the same keys as those
 * given (see patient_name_key: "O’Connell" is "O'Connell"), at most `limit` of them.
 */
export async function findPatientIdsByNameAndBirthDate(
  knex: Knex,
  { familyName, givenName, dateOfBirth }: { familyName: string; givenName: string; dateOfBirth: string },
  limit: number,
): Promise<number[]> {
  const rows: { id: number }[] = await knex('patients')
    .select('id')
    .whereRaw('family_name_key = patient_name_key(?) AND given_name_key = patient_name_key(?)', [familyName, givenName])
    .where({ date_of_birth: dateOfBirth })
    .limit(limit);
  return rows.map((row) => row.id);
}
