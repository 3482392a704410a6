import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from 'react-admin';
import { createAuthProvider, type SessionInfo } from './authProvider.ts';
import { createApiClient } from './httpClient.ts';
import { testIdentity } from '../test-utils.tsx';

const sessionInfo: SessionInfo = {
  staff: { id: 7, username: 'casey', displayName: 'Casey Compliance', roles: ['compliance'] },
  permissions: { patients: ['list', 'show'], 'patient-access-ledger': ['list'], 'audit-events': ['list', 'show', 'export'] },
  csrfToken: 'csrf-abc',
  organization: testIdentity.organization,
  session: { signedInAt: '2026-11-25T14:00:00Z', expiresAt: '2026-11-26T02:00:00Z', idleMinutes: 15, idleWarningSeconds: 120 },
};

const expiredBody = {
  code: 'session_expired',
  message: 'Your session ended after 15 idle minutes. Please sign in again.',
  requestId: 'r-9',
};

function json(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function setup(...responses: Response[]) {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => responses.shift() ?? json(500));
  vi.stubGlobal('fetch', fetchMock);
  const api = createApiClient();
  const onSignedIn = vi.fn();
  return { fetchMock, api, onSignedIn, authProvider: createAuthProvider(api, { onSignedIn }) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('authProvider', () => {
  it('when signing in, then it posts the credentials without a CSRF token and later writes carry the session token', async () => {
    const { fetchMock, api, authProvider } = setup(json(201, sessionInfo), json(204));

    await authProvider.login({ username: 'casey', password: 'correct horse battery' });
    await api.fetchJson('/api/session/password', { method: 'POST', body: '{}' });

    const [signInUrl, signIn] = fetchMock.mock.calls[0];
    expect(signInUrl).toBe('/api/session');
    expect(signIn?.method).toBe('POST');
    expect(JSON.parse(String(signIn?.body))).toEqual({ username: 'casey', password: 'correct horse battery' });
    expect(new Headers(signIn?.headers).has('X-CSRF-Token')).toBe(false);
    expect(new Headers(fetchMock.mock.calls[1][1]?.headers).get('X-CSRF-Token')).toBe('csrf-abc');
  });

  it('when someone signs in, then they go to their main task, or back to the page an ended session left', async () => {
    const supportAndRoi = { ...sessionInfo, staff: { ...sessionInfo.staff, roles: ['roi', 'support'] as SessionInfo['staff']['roles'] } };
    const roiOnly = { ...sessionInfo, staff: { ...sessionInfo.staff, roles: ['roi'] as SessionInfo['staff']['roles'] } };
    const clinicalOnly = { ...sessionInfo, staff: { ...sessionInfo.staff, roles: ['clinical'] as SessionInfo['staff']['roles'] } };
    const { authProvider } = setup(json(201, sessionInfo), json(201, supportAndRoi), json(201, roiOnly), json(201, clinicalOnly), json(201, sessionInfo));
    const credentials = { username: 'casey', password: 'correct horse battery' };

    expect(await authProvider.login(credentials)).toEqual({ redirectTo: '/audit-events' });
    expect(await authProvider.login(credentials)).toEqual({ redirectTo: '/patients' });
    expect(await authProvider.login(credentials)).toEqual({ redirectTo: '/proxy-requests' });
    expect(await authProvider.login(credentials)).toEqual({ redirectTo: '/' });
    expect(await authProvider.login({ ...credentials, returnTo: '/patients/12/show' })).toEqual({ redirectTo: '/patients/12/show' });
  });

  it('when sign-in succeeds, then the page the person lands on is announced before going there, so its code can load meanwhile', async () => {
    const frontDesk = { ...sessionInfo, staff: { ...sessionInfo.staff, roles: ['front_desk'] as SessionInfo['staff']['roles'] } };
    const { authProvider, onSignedIn } = setup(
      json(401, { code: 'invalid_credentials', message: 'Wrong username or password.' }),
      json(201, frontDesk),
      json(201, sessionInfo),
    );
    const credentials = { username: 'casey', password: 'correct horse battery' };

    await expect(authProvider.login(credentials)).rejects.toThrow();
    expect(onSignedIn).not.toHaveBeenCalled();
    await authProvider.login(credentials);
    expect(onSignedIn).toHaveBeenLastCalledWith('/patients');
    // Going back to a page an ended session left still loads the layout; the landing page is the role's.
    await authProvider.login({ ...credentials, returnTo: '/patients/12/show' });
    expect(onSignedIn).toHaveBeenLastCalledWith('/audit-events');
  });

  it('when the credentials are wrong, then login rejects with the server’s message', async () => {
    const { authProvider } = setup(json(401, { code: 'invalid_credentials', message: 'Wrong username or password.', requestId: 'r' }));

    await expect(authProvider.login({ username: 'casey', password: 'nope' })).rejects.toThrow('Wrong username or password.');
  });

  it('when the page loads with a live session, then checkAuth refreshes the CSRF token from GET /api/session', async () => {
    const { fetchMock, api, authProvider } = setup(json(200, sessionInfo), json(200, {}));

    await authProvider.checkAuth({});
    await api.fetchJson('/api/staff-users/3/reactivate', { method: 'POST' });

    expect(fetchMock.mock.calls[0][0]).toBe('/api/session');
    expect(new Headers(fetchMock.mock.calls[1][1]?.headers).get('X-CSRF-Token')).toBe('csrf-abc');
  });

  it('when any call answers 401 session_expired, then checkError rejects and the sign-in page gets the server’s message', async () => {
    const { authProvider } = setup(json(201, sessionInfo));
    await authProvider.login({ username: 'casey', password: 'correct horse battery' });

    await expect(authProvider.checkError(new HttpError(expiredBody.message, 401, expiredBody))).rejects.toBeDefined();

    expect(authProvider.sessionEndedMessage()).toBe(expiredBody.message);
  });

  it('when the page loads after the session expired, then checkAuth rejects and keeps the server’s message', async () => {
    const { authProvider } = setup(json(401, expiredBody));

    await expect(authProvider.checkAuth({})).rejects.toBeDefined();

    expect(authProvider.sessionEndedMessage()).toBe(expiredBody.message);
  });

  it('when a call answers 403, then checkError keeps the person signed in', async () => {
    const { authProvider } = setup();
    const forbidden = { code: 'forbidden', message: 'Your role does not allow list on audit-events.', requestId: 'r' };

    await expect(authProvider.checkError(new HttpError(forbidden.message, 403, forbidden))).resolves.toBeUndefined();
  });

  it('when asked canAccess, then it answers from the session’s permissions and denies anything else', async () => {
    const { authProvider } = setup(json(200, sessionInfo));
    const canAccess = authProvider.canAccess!;

    await expect(canAccess({ action: 'list', resource: 'patient-access-ledger' })).resolves.toBe(true);
    await expect(canAccess({ action: 'export', resource: 'audit-events' })).resolves.toBe(true);
    await expect(canAccess({ action: 'create', resource: 'staff-users' })).resolves.toBe(false);
    await expect(canAccess({ action: 'edit', resource: 'patients' })).resolves.toBe(false);
  });

  it('when signed out, then canAccess denies everything', async () => {
    const { authProvider } = setup(json(401, { code: 'unauthenticated', message: 'Sign in to continue.', requestId: 'r' }));

    await expect(authProvider.canAccess!({ action: 'list', resource: 'patients' })).resolves.toBe(false);
  });

  it('when signing out, then the server session is deleted with the CSRF token and the token is forgotten', async () => {
    const { fetchMock, api, authProvider } = setup(json(201, sessionInfo), json(204), json(403, { code: 'csrf_failed', message: 'x' }));
    await authProvider.login({ username: 'casey', password: 'correct horse battery' });

    await authProvider.logout({});
    await api.fetchJson('/api/session/password', { method: 'POST', body: '{}' }).catch(() => undefined);

    const [url, init] = fetchMock.mock.calls[1];
    expect([url, init?.method]).toEqual(['/api/session', 'DELETE']);
    expect(new Headers(init?.headers).get('X-CSRF-Token')).toBe('csrf-abc');
    expect(new Headers(fetchMock.mock.calls[2][1]?.headers).has('X-CSRF-Token')).toBe(false);
  });

  it('when the console ends an idle session, then the sign-in page gets the reason', async () => {
    const { authProvider } = setup(json(201, sessionInfo), json(204));
    await authProvider.login({ username: 'casey', password: 'correct horse battery' });

    await authProvider.logout({ endedMessage: 'Your session ended after 15 idle minutes. Please sign in again.' });

    expect(authProvider.sessionEndedMessage()).toBe('Your session ended after 15 idle minutes. Please sign in again.');
  });
});
