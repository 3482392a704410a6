import type { Response } from 'express';
import { z } from 'zod';
import { badRequest } from './errors.ts';
import { fieldErrorsOf, refuseControlCharacters, sentencesOf } from './validation.ts';

export type SortOrder = 'ASC' | 'DESC';

/** `text` with `%`, `_` and `\` taken literally in a LIKE pattern (backslash, PostgreSQL's default escape). */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** What a list endpoint accepts, in ra-data-simple-rest's dialect. */
export interface ListSpec<F extends z.ZodType> {
  /** Sortable fields: the only values `sort` may name (`id` is always among them). */
  sortable: readonly string[];
  defaultSort: [string, SortOrder];
  /** The filter's schema; a strict object, so an unknown field is a 400. */
  filter: F;
  maxPageSize?: number;
}

export interface ListQuery<Filter> {
  sort: { field: string; order: SortOrder };
  offset: number;
  limit: number;
  filter: Filter;
}

// Built once: zod schemas are costly to construct and these do not depend on the list.
const sortSchema = z.tuple([z.string(), z.enum(['ASC', 'DESC', 'asc', 'desc'])]);
const rangeSchema = z.tuple([z.number().int().min(0), z.number().int().min(0)]);

function parseJsonParam(raw: unknown, name: string): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest(`Query parameter '${name}' must appear once.`, { [name]: 'must appear once' });
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest(`Query parameter '${name}' is not valid JSON.`, { [name]: 'is not valid JSON' });
  }
}

/**
 * Parses `sort=["field","ASC"]`, `range=[0,24]` and `filter={...}`. Field names come only from
 * the spec's allowlist, so nothing the client sends is ever spliced into SQL.
 */
export function parseListQuery<F extends z.ZodType>(query: Record<string, unknown>, spec: ListSpec<F>): ListQuery<z.output<F>> {
  const maxPageSize = spec.maxPageSize ?? 100;
  const unknownParams = Object.keys(query).filter((key) => !['sort', 'range', 'filter'].includes(key));
  if (unknownParams.length) {
    throw badRequest(`Unknown query parameters: ${unknownParams.join(', ')}.`, Object.fromEntries(unknownParams.map((p) => [p, 'is not a known parameter'])));
  }

  const rawSort = parseJsonParam(query.sort, 'sort') ?? spec.defaultSort;
  const sortParsed = sortSchema.safeParse(rawSort);
  if (!sortParsed.success) throw badRequest('sort must be ["field", "ASC" or "DESC"].', { sort: 'must be ["field", "ASC" or "DESC"]' });
  const [field, order] = sortParsed.data;
  // react-admin sorts by `id` unless told otherwise, so every list accepts it.
  const sortable = spec.sortable.includes('id') ? spec.sortable : [...spec.sortable, 'id'];
  if (!sortable.includes(field)) {
    throw badRequest(`Cannot sort by '${field}'. Sortable: ${sortable.join(', ')}.`, { sort: `cannot sort by ${field}` });
  }

  const rawRange = parseJsonParam(query.range, 'range') ?? [0, Math.min(24, maxPageSize - 1)];
  const rangeParsed = rangeSchema.safeParse(rawRange);
  if (!rangeParsed.success || rangeParsed.data[1] < rangeParsed.data[0]) {
    throw badRequest('range must be [first, last] with 0 <= first <= last.', { range: 'must be [first, last] with 0 <= first <= last' });
  }
  const [first, last] = rangeParsed.data;
  if (last - first + 1 > maxPageSize) {
    throw badRequest(`A page holds at most ${maxPageSize} rows.`, { range: `at most ${maxPageSize} rows a page` });
  }

  const rawFilter = parseJsonParam(query.filter, 'filter') ?? {};
  refuseControlCharacters(rawFilter, 'filter');
  const filterParsed = spec.filter.safeParse(rawFilter);
  if (!filterParsed.success) {
    const errors = Object.fromEntries(Object.entries(fieldErrorsOf(filterParsed.error)).map(([k, v]) => [`filter.${k}`, v]));
    const unknownKeys = filterParsed.error.issues.flatMap((issue) => (issue.code === 'unrecognized_keys' ? issue.keys : []));
    for (const key of unknownKeys) errors[`filter.${key}`] = 'cannot filter by this field';
    throw badRequest(Object.keys(errors).length ? sentencesOf(errors) : 'The filter is not valid: unexpected shape.', errors, 'validation_failed');
  }

  return {
    sort: { field, order: order.toUpperCase() as SortOrder },
    offset: first,
    limit: last - first + 1,
    filter: filterParsed.data,
  };
}

/**
 * The query of an export: a list's filter, as the same JSON `filter` parameter the list takes,
 * so a download holds exactly the rows on screen.
 */
export function exportQuery<F extends z.ZodType>(filter: F) {
  return z.strictObject({
    filter: z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return {};
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
          return z.NEVER;
        }
      })
      .pipe(filter),
  });
}

/** Answers with a CSV download named `<baseName>-<UTC time stamp>Z.csv`. */
export function sendCsvDownload(res: Response, baseName: string, now: Date): Response {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return res.type('text/csv; charset=utf-8').attachment(`${baseName}-${stamp}Z.csv`);
}

/**
 * A page's total. `exact` when counted in full; otherwise at least `atLeast` rows match and
 * counting further would cost more than it tells anyone.
 */
export type ListTotal = { exact: number } | { atLeast: number };

/** Sets `Content-Range: <resource> <first>-<last>/<total or *>`, plus `X-Total-At-Least` when capped. */
export function setContentRange(res: Response, resource: string, offset: number, rows: number, total: ListTotal): void {
  const range = rows > 0 ? `${offset}-${offset + rows - 1}` : '*';
  const size = 'exact' in total ? String(total.exact) : '*';
  res.set('Content-Range', `${resource} ${range}/${size}`);
  if ('atLeast' in total) res.set('X-Total-At-Least', String(total.atLeast));
  res.set('Access-Control-Expose-Headers', 'Content-Range, X-Total-At-Least');
}
