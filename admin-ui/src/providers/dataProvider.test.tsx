import { describe, expect, it, vi } from 'vitest';
import { createDataProvider } from './dataProvider.ts';
import type { HttpClient } from './httpClient.ts';

function listAnswer(rows: unknown[], headers: Record<string, string>): HttpClient {
  return vi.fn(async () => ({ status: 200, headers: new Headers(headers), body: JSON.stringify(rows), json: rows }));
}

const rows = Array.from({ length: 25 }, (_, index) => ({ id: index + 1 }));

describe('dataProvider', () => {
  it('when getList is called, then it speaks ra-data-simple-rest: sort, range and filter as JSON', async () => {
    const http = listAnswer(rows, { 'Content-Range': 'patients 25-49/120' });

    const result = await createDataProvider(http).getList('patients', {
      pagination: { page: 2, perPage: 25 },
      sort: { field: 'family_name', order: 'ASC' },
      filter: { q: 'smith' },
    });

    const url = new URL(String(vi.mocked(http).mock.calls[0][0]), 'http://console');
    expect(url.pathname).toBe('/api/patients');
    expect(JSON.parse(url.searchParams.get('sort')!)).toEqual(['family_name', 'ASC']);
    expect(JSON.parse(url.searchParams.get('range')!)).toEqual([25, 49]);
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ q: 'smith' });
    expect(result).toEqual({ data: rows, total: 120 });
  });

  it('when the server stopped counting, then getList answers pageInfo and the "at least" number instead of a total', async () => {
    const http = listAnswer(rows, { 'Content-Range': 'patients 0-24/*', 'X-Total-At-Least': '1000' });

    const result = await createDataProvider(http).getList('patients', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'family_name', order: 'ASC' },
      filter: { q: 's' },
    });

    expect(result.total).toBeUndefined();
    expect(result.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: true });
    expect(result.meta).toEqual({ totalAtLeast: 1000 });
  });

  it('when the ledger of a patient is read, then getManyReference puts the patient id in the filter', async () => {
    const http = listAnswer([], { 'Content-Range': 'patient-access-ledger */0' });

    const result = await createDataProvider(http).getManyReference('patient-access-ledger', {
      target: 'patient_id',
      id: 101,
      pagination: { page: 1, perPage: 10 },
      sort: { field: 'occurred_at', order: 'DESC' },
      filter: {},
    });

    const url = new URL(String(vi.mocked(http).mock.calls[0][0]), 'http://console');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ patient_id: 101 });
    expect(result).toEqual({ data: [], total: 0 });
  });

  it('when a saved reply is deleted, then the version the page showed goes with it; other deletes stay plain', async () => {
    const reply = { id: 4, title: 'Refund', version: 3 };
    const http: HttpClient = vi.fn(async () => ({ status: 200, headers: new Headers(), body: JSON.stringify(reply), json: reply }));
    const provider = createDataProvider(http);

    expect(await provider.delete('saved-replies', { id: 4, previousData: reply })).toEqual({ data: reply });
    expect(vi.mocked(http).mock.calls[0]).toEqual(['/api/saved-replies/4?version=3', { method: 'DELETE' }]);
    await provider.delete('business-holidays', { id: 7, previousData: { id: 7, version: 2 } });
    expect(String(vi.mocked(http).mock.calls[1][0])).toBe('/api/business-holidays/7');
  });
});
