import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from 'react-admin';
import { createApiClient } from './httpClient.ts';

function answer(status: number, body?: unknown, headers: Record<string, string> = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function stubFetch(...responses: Response[]) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => responses.shift() ?? answer(500));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const sentHeaders = (fetchMock: ReturnType<typeof stubFetch>, call = 0) => new Headers(fetchMock.mock.calls[call][1]?.headers);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('httpClient', () => {
  it('when a POST is sent with a CSRF token known, then it carries X-CSRF-Token, JSON and same-origin credentials', async () => {
    const fetchMock = stubFetch(answer(200, { ok: true }));
    const api = createApiClient();
    api.setCsrfToken('token-123');

    await api.fetchJson('/api/staff-users/4/reactivate', { method: 'POST' });

    const headers = sentHeaders(fetchMock);
    expect(headers.get('X-CSRF-Token')).toBe('token-123');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(fetchMock.mock.calls[0][1]?.credentials).toBe('same-origin');
  });

  it('when a GET is sent, then no CSRF header goes with it', async () => {
    const fetchMock = stubFetch(answer(200, []));
    const api = createApiClient();
    api.setCsrfToken('token-123');

    await api.fetchJson('/api/patients');

    expect(sentHeaders(fetchMock).has('X-CSRF-Token')).toBe(false);
    expect(fetchMock.mock.calls[0][1]?.credentials).toBe('same-origin');
  });

  it('when the server refuses with field errors, then the HttpError carries its message and react-admin errors', async () => {
    const body = {
      code: 'username_taken',
      message: 'That username is already taken.',
      requestId: 'r-1',
      errors: { username: 'is already taken', root: { serverError: 'That username is already taken.' } },
    };
    stubFetch(answer(409, body));
    const api = createApiClient();

    const error = await api.fetchJson('/api/staff-users', { method: 'POST', body: '{}' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toBe('That username is already taken.');
    expect((error as HttpError).status).toBe(409);
    expect((error as HttpError).body.errors.username).toBe('is already taken');
  });

  it('when the network fails, then the error says the server cannot be reached', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const api = createApiClient();

    await expect(api.fetchJson('/api/session')).rejects.toThrow('Cannot reach the PortalDesk server');
  });

  it('when a request reaches the server, then activity listeners hear of it, but not of a 401', async () => {
    stubFetch(answer(200, {}), answer(401, { code: 'session_expired', message: 'Your session ended.' }));
    const api = createApiClient();
    const listener = vi.fn();
    const unsubscribe = api.onActivity(listener);

    await api.fetchJson('/api/patients');
    await api.fetchJson('/api/patients').catch(() => undefined);
    unsubscribe();

    expect(listener).toHaveBeenCalledTimes(1);
  });
});
