import { HttpError, type AuthProvider, type UserIdentity } from 'react-admin';
import type { Action, Resource, SessionInfo } from '@portaldesk/admin-api/contract';
import { mainTaskPath, type LandingPath } from '../roles.ts';
import { API_URL, apiErrorBody, type ActivityListener, type ApiClient } from './httpClient.ts';

export type { SessionInfo };

/** The signed-in staff member as react-admin's getIdentity describes them, plus their organization and limits. */
export interface PortalIdentity extends UserIdentity {
  username: string;
  roles: string[];
  organization: SessionInfo['organization'];
  session: SessionInfo['session'];
}

/** Parameters of `logout`: set `endedMessage` when the console itself ends the session. */
export interface LogoutParams {
  endedMessage?: string;
}

/** react-admin's authProvider with what the sign-in page and the idle-session guard need. */
export interface PortalAuthProvider extends AuthProvider {
  getIdentity(): Promise<PortalIdentity>;
  /** Why the last session ended (idle or absolute limit), for the sign-in page; null if it did not. */
  sessionEndedMessage(): string | null;
  /** Tells the server the person is still here: GET /api/session counts as activity. */
  keepAlive(): Promise<void>;
  onActivity(listener: ActivityListener): () => void;
}

/** What the sign-in page sends: `returnTo` is the page an ended session left, to go back to. */
export interface SignInParams {
  username: string;
  password: string;
  returnTo?: string;
}

export interface AuthProviderOptions {
  apiUrl?: string;
  /** Called once sign-in succeeds with where the staff member lands (not the page an ended session left), before going there. */
  onSignedIn?: (landing: LandingPath) => void;
}

/**
 * The authProvider: a cookie session on the server, and in memory here the session's
 * description (staff member, permissions, CSRF token). Nothing goes to localStorage.
 */
export function createAuthProvider(api: ApiClient, { apiUrl = API_URL, onSignedIn }: AuthProviderOptions = {}): PortalAuthProvider {
  let session: SessionInfo | null = null;
  let loading: Promise<SessionInfo> | null = null;
  let endedMessage: string | null = null;

  const adopt = (info: SessionInfo) => {
    session = info;
    api.setCsrfToken(info.csrfToken);
    return info;
  };
  const forget = () => {
    session = null;
    api.setCsrfToken(null);
  };
  const noteEnd = (error: unknown) => {
    const body = apiErrorBody(error);
    if (body?.code === 'session_expired') endedMessage = body.message;
  };

  const loadSession = () => {
    loading ??= api
      .fetchJson(`${apiUrl}/session`)
      .then(({ json }) => adopt(json as SessionInfo))
      .catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 401) {
          forget();
          noteEnd(error);
        }
        throw error;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };
  const currentSession = () => (session ? Promise.resolve(session) : loadSession());

  return {
    /**
     * Signs in, then goes back to the page an ended session left, else to the staff member's
     * main task (roles.ts), else to the dashboard.
     */
    async login({ username, password, returnTo }: SignInParams) {
      const { json } = await api.fetchJson(`${apiUrl}/session`, {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      });
      endedMessage = null;
      const { staff } = adopt(json as SessionInfo);
      const landing = mainTaskPath(staff.roles) ?? '/';
      onSignedIn?.(landing);
      return { redirectTo: returnTo ?? landing };
    },

    async logout(params?: LogoutParams) {
      if (params?.endedMessage) endedMessage = params.endedMessage;
      // After a 401 the server has already ended the session; otherwise end it there too, while
      // the CSRF token that DELETE needs is still known.
      if (session) await api.fetchJson(`${apiUrl}/session`, { method: 'DELETE' }).catch(() => undefined);
      forget();
    },

    async checkAuth() {
      try {
        await currentSession();
      } catch (error) {
        // A 401 sends the person to the sign-in page, which says why; anything else deserves a notice.
        if (error instanceof HttpError && error.status === 401) throw { message: false };
        throw error;
      }
    },

    async checkError(error: unknown) {
      if (error instanceof HttpError && error.status === 401) {
        forget();
        noteEnd(error);
        throw { message: false };
      }
      // 403 and everything else: the page shows the message; the person stays signed in.
    },

    async getIdentity() {
      const { staff, organization, session: limits } = await currentSession();
      return {
        id: staff.id,
        fullName: staff.displayName,
        username: staff.username,
        roles: staff.roles,
        organization,
        session: limits,
      };
    },

    async getPermissions() {
      return (await currentSession()).permissions;
    },

    async canAccess({ action, resource }) {
      // Deny by default: no session, no grant.
      const info = await currentSession().catch(() => null);
      return info?.permissions[resource as Resource]?.includes(action as Action) ?? false;
    },

    sessionEndedMessage: () => endedMessage,

    async keepAlive() {
      await loadSession();
    },

    onActivity: (listener) => api.onActivity(listener),
  };
}
