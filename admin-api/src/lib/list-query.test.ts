import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { parseListQuery, type ListSpec } from './list-query.ts';

const filter = z.strictObject({ q: z.string().optional(), active: z.boolean().optional() });
const spec: ListSpec<typeof filter> = { sortable: ['name', 'created_at'], defaultSort: ['name', 'ASC'], filter, maxPageSize: 50 };

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('parseListQuery', () => {
  it('when nothing is given, then the default sort and the first page apply', () => {
    expect(parseListQuery({}, spec)).toEqual({ sort: { field: 'name', order: 'ASC' }, offset: 0, limit: 25, filter: {} });
  });

  it('when react-admin sends sort, range and filter, then they are parsed', () => {
    const parsed = parseListQuery({ sort: '["created_at","desc"]', range: '[50,74]', filter: '{"q":"smi","active":true}' }, spec);
    expect(parsed).toEqual({ sort: { field: 'created_at', order: 'DESC' }, offset: 50, limit: 25, filter: { q: 'smi', active: true } });
  });

  it('when sort names a field outside the allowlist, then it is a 400 naming sort', () => {
    const error = errorOf(() => parseListQuery({ sort: '["password_hash","ASC"]' }, spec));
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toHaveProperty('sort');
  });

  it('when the filter has an unknown field, then it is a 400 naming that field', () => {
    const error = errorOf(() => parseListQuery({ filter: '{"ssn":"123"}' }, spec));
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toHaveProperty(['filter.ssn']);
  });

  it('when range is malformed, reversed or too large, then it is a 400', () => {
    expect(errorOf(() => parseListQuery({ range: '[10,5]' }, spec)).status).toBe(400);
    expect(errorOf(() => parseListQuery({ range: 'nope' }, spec)).status).toBe(400);
    expect(errorOf(() => parseListQuery({ range: '[0,500]' }, spec)).fieldErrors).toHaveProperty('range');
    expect(errorOf(() => parseListQuery({ range: '[-1,5]' }, spec)).status).toBe(400);
  });

  it('when an unknown query parameter is sent, then it is a 400 naming it', () => {
    expect(errorOf(() => parseListQuery({ page: '2' }, spec)).fieldErrors).toHaveProperty('page');
  });
});
