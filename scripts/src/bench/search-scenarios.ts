import type pg from 'pg';
import type { Knex } from '@portaldesk/db';
import { findPatients, parseListQuery, patientList, systemClock, type Actor, type PatientFilter, type SettingsStore } from '@portaldesk/admin-api';
import { mrnOf, pickBirthDate, pickFamilyName, pickGivenName, seededRandom } from './synthetic-patients.ts';

/** A kind of search the front desk makes, with what issue 14 asks of the API for it. */
export interface Scenario {
  label: string;
  /** p99 at 100 arrivals a second. */
  p99TargetMs: number;
  /** Closed-loop throughput at least `share` of bare SQL or of the session-only ceiling; none: report only. */
  closedTarget?: { of: 'sql' | 'session'; share: number };
  filters: PatientFilter[];
}

/** One search as both sides send it: the API's URL, and the SQL the API's repository runs for it. */
export interface SearchRequest {
  path: string;
  statements: pg.QueryConfig[];
}

/** The first page, in the console's default order, as react-admin asks for it. */
const PAGE_SIZE = 25;

function substringOfAName(random: () => number): string {
  let name = '';
  while (name.length < 3) name = (random() < 0.5 ? pickFamilyName(random) : pickGivenName(random)).toLowerCase();
  const length = Math.min(name.length, 3 + Math.floor(random() * 3));
  const start = Math.floor(random() * (name.length - length + 1));
  return name.slice(start, start + length);
}

/**
 * The searches of each scenario, drawn with the population's own name frequencies (people look
 * up patients who exist, common names most often). The same seed gives the same searches.
 */
export function searchScenarios(rows: number, seed: number, searchesPerScenario: number): Scenario[] {
  const random = seededRandom(seed);
  const draw = (make: () => PatientFilter) => Array.from({ length: searchesPerScenario }, make);
  const letters = (name: string, min: number, max: number) => name.slice(0, min + Math.floor(random() * (max - min + 1)));
  const thirdOfSql = { of: 'sql', share: 1 / 3 } as const;
  const halfOfSession = { of: 'session', share: 1 / 2 } as const;
  return [
    { label: 'name prefix, 2-4 letters', p99TargetMs: 25, closedTarget: thirdOfSql, filters: draw(() => ({ q: letters(pickFamilyName(random), 2, 4) })) },
    {
      label: 'name prefix "family, given"',
      p99TargetMs: 25,
      closedTarget: thirdOfSql,
      filters: draw(() => ({ q: `${pickFamilyName(random)}, ${letters(pickGivenName(random), 1, 3)}` })),
    },
    { label: 'contains, 3-5 letters', p99TargetMs: 150, filters: draw(() => ({ q: substringOfAName(random), match: 'contains' })) },
    { label: 'MRN', p99TargetMs: 10, closedTarget: halfOfSession, filters: draw(() => ({ mrn: mrnOf(Math.floor(random() * rows)) })) },
    { label: 'date of birth', p99TargetMs: 15, closedTarget: halfOfSession, filters: draw(() => ({ date_of_birth: pickBirthDate(random) })) },
    // Last, so the searches drawn for the scenarios above stay the same as in earlier runs.
    {
      label: 'name "given family", two words',
      p99TargetMs: 25,
      closedTarget: thirdOfSql,
      filters: draw(() => ({ q: `${pickGivenName(random)} ${pickFamilyName(random)}` })),
    },
  ];
}

/** The query parameters ra-data-simple-rest sends for the first page of a search. */
function listParameters(filter: PatientFilter): Record<string, string> {
  return { sort: JSON.stringify(['family_name', 'ASC']), range: JSON.stringify([0, PAGE_SIZE - 1]), filter: JSON.stringify(filter) };
}

/** The API's address for the first page of a search, as the console asks for it. */
export const searchPath = (filter: PatientFilter) => `/api/patients?${new URLSearchParams(listParameters(filter))}`;

/**
 * Turns a filter into a request for both sides. The SQL is captured from the API's own search
 * service (the page's query, and the capped count when the page is full) inside a transaction
 * that is rolled back, so the bare-SQL side sends literally the text and values the API sends.
 * The service's audit insert is left out: it is part of what the API adds to the bare query.
 */
export async function searchRequest(knex: Knex, settings: SettingsStore, actor: Actor, filter: PatientFilter): Promise<SearchRequest> {
  const parameters = listParameters(filter);
  const statements: pg.QueryConfig[] = [];
  const trx = await knex.transaction();
  trx.on('query', (query: { sql: string; bindings: unknown[] }) => {
    if (/\bfrom "patients"/.test(query.sql)) statements.push({ text: query.sql, values: query.bindings });
  });
  try {
    await findPatients({ knex: trx, settings, clock: systemClock }, actor, parseListQuery(parameters, patientList));
  } finally {
    await trx.rollback();
  }
  return { path: searchPath(filter), statements };
}
