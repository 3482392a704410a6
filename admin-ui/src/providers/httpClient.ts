import { fetchUtils, HttpError } from 'react-admin';
import type { ApiErrorBody } from '@portaldesk/admin-api/contract';

export type { ApiErrorBody };

/** The API lives on the console's own origin, so the session cookie stays first-party. */
export const API_URL = '/api';

/** What react-admin's fetchJson resolves with. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  // react-admin's fetchJson answers parsed JSON untyped; each dataProvider verb gives it its contract type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export type HttpClient = (url: string, options?: fetchUtils.Options) => Promise<HttpResponse>;

/** Hears when a request reached the server (`at`: epoch milliseconds). */
export type ActivityListener = (at: number) => void;

/** The console's one way to the API, shared by the dataProvider and the authProvider. */
export interface ApiClient {
  /** Sends a request; rejects with react-admin's HttpError (message = the server's message). */
  fetchJson: HttpClient;
  /**
   * Sends a file as the raw body of a POST, reporting upload progress (fetch cannot), with the
   * CSRF token; resolves with the JSON answer, rejects like fetchJson.
   */
  upload(url: string, file: Blob, onProgress?: (fraction: number) => void): Promise<HttpResponse>;
  /** The session's CSRF token, held in memory only: never in storage, gone on reload. */
  setCsrfToken(token: string | null): void;
  /**
   * Calls `listener` whenever a request reached the server with a live session, here or in
   * another tab of this console: the server counts every such request as activity.
   * Returns the unsubscribe function.
   */
  onActivity(listener: ActivityListener): () => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ACTIVITY_CHANNEL = 'portaldesk-activity';

/** An API error body, when `error` came from the server. */
export function apiErrorBody(error: unknown): ApiErrorBody | undefined {
  if (error instanceof HttpError && error.body && typeof error.body.code === 'string') return error.body as ApiErrorBody;
  return undefined;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * Creates the console's HTTP client: JSON, same-origin credentials, the CSRF header on every
 * state-changing request, readable errors, and activity reports for the idle sign-out timer.
 */
export function createApiClient(): ApiClient {
  let csrfToken: string | null = null;
  const listeners = new Set<ActivityListener>();
  // Opened only while someone listens: an open channel would keep test runners and idle tabs busy.
  let channel: BroadcastChannel | null = null;

  const emit = (at: number) => listeners.forEach((listener) => listener(at));
  const recordActivity = () => {
    const at = Date.now();
    emit(at);
    channel?.postMessage(at);
  };

  const fetchJson: HttpClient = async (url, options = {}) => {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers = new Headers(options.headers);
    headers.set('Accept', 'application/json');
    if (!SAFE_METHODS.has(method)) {
      headers.set('Content-Type', 'application/json');
      // Sign-in and the one-time password links run before there is a session, hence no token.
      if (csrfToken) headers.set('X-CSRF-Token', csrfToken);
    }
    try {
      const response = await fetchUtils.fetchJson(url, { ...options, method, headers, credentials: 'same-origin' });
      recordActivity();
      return response;
    } catch (error) {
      if (isAbort(error)) throw error;
      if (error instanceof HttpError) {
        // Every answer but 401 went through a live session, which the server counted as activity.
        if (error.status !== 401) recordActivity();
        if (!apiErrorBody(error)) {
          throw new HttpError(`The server answered ${error.status} ${error.message}. Try again in a moment.`, error.status, error.body);
        }
        throw error;
      }
      throw new HttpError('Cannot reach the PortalDesk server. Check the network connection and try again.', 0);
    }
  };

  const upload: ApiClient['upload'] = (url, file, onProgress) =>
    new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', url);
      request.setRequestHeader('Accept', 'application/json');
      request.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress?.(event.loaded / event.total);
      };
      request.onerror = () => reject(new HttpError('Cannot reach the PortalDesk server. Check the network connection and try again.', 0));
      request.onload = () => {
        recordActivity();
        let json: unknown;
        try {
          json = JSON.parse(request.responseText);
        } catch {
          json = undefined;
        }
        const headers = new Headers();
        if (request.status >= 200 && request.status < 300) {
          resolve({ status: request.status, headers, body: request.responseText, json });
          return;
        }
        const body = json as ApiErrorBody | undefined;
        reject(new HttpError(body?.message ?? `The server answered ${request.status}. Try again in a moment.`, request.status, body));
      };
      request.send(file);
    });

  return {
    fetchJson,
    upload,
    setCsrfToken(token) {
      csrfToken = token;
    },
    onActivity(listener) {
      listeners.add(listener);
      if (!channel && typeof BroadcastChannel !== 'undefined') {
        channel = new BroadcastChannel(ACTIVITY_CHANNEL);
        channel.onmessage = (event: MessageEvent) => {
          if (typeof event.data === 'number') emit(event.data);
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          channel?.close();
          channel = null;
        }
      };
    },
  };
}
