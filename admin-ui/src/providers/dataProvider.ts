import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListResult, Identifier, RaRecord, SortPayload } from 'react-admin';
import { API_URL, type ApiClient, type HttpClient } from './httpClient.ts';

/** A one-time password link, shown once (admin-api/src/features/password-resets). */
export interface PasswordLink {
  url: string;
  expires_at: string;
}

/** Whose a one-time password link is, answered before they choose a password. */
export interface PasswordLinkOwner {
  username: string;
  display_name: string;
  expires_at: string;
}

/** What a patient import did or, in a dry run, would do (admin-api/src/features/patients/patients.import.ts). */
export interface PatientImportReport {
  fileName: string;
  dryRun: boolean;
  committed: boolean;
  rowsRead: number;
  valid: number;
  rejected: number;
  /** Rows saved (every valid row of a committed import); how they compare with stored patients is not said. */
  imported: number;
  seconds: number;
  rejects: { line: number; mrn: string | null; problems: { field: string; reason: string }[] }[];
}

/** An activation code as issued: shown once (admin-api/src/features/activation-codes). */
export interface IssuedCode {
  id: number;
  code: string;
  expires_at: string;
  revoked_earlier: number;
  patient: { id: number; family_name: string; given_name: string };
}

/** What a batch of codes gave: the codes (shown once) and the refusals with their reasons. */
export interface BatchIssueResult {
  issued: (IssuedCode & { mrn: string })[];
  refused: { mrn: string | null; patient_id: number | null; code: string; message: string }[];
}

/** One week and location of the activation report (counts only). */
export interface ActivationReportRow {
  week: string;
  location: string;
  issued: number;
  redeemed: number;
  expired: number;
  redemption_rate: number | null;
}

export type PortalAccountState =
  | 'no_account'
  | 'code_pending'
  | 'code_expired'
  | 'code_revoked'
  | 'code_locked'
  | 'active'
  | 'locked'
  | 'deactivated'
  | 'identity_check_failed';

export type PortalAccountAction = 'issue_code' | 'unlock' | 'send_password_reset' | 'deactivate' | 'reactivate';

/** The support panel's data (admin-api/src/features/portal-accounts). */
export interface PortalAccountPanel {
  id: number;
  state: PortalAccountState;
  patient: { id: number; mrn: string; family_name: string; given_name: string; has_email: boolean };
  account: null | {
    id: number;
    username: string;
    status: 'active' | 'locked' | 'deactivated';
    activated_at: string;
    last_sign_in_at: string | null;
    locked_at: string | null;
    deactivated_at: string | null;
    deactivated_by_name: string | null;
    deactivation_reason: string | null;
    version: number;
  };
  latest_code: null | {
    id: number;
    issued_at: string;
    issued_by_name: string | null;
    location: string | null;
    expires_at: string;
    failed_attempts: number;
    /** Wrong birth dates given with the right code: what locks a code. */
    birth_date_failures: number;
    /** Devices that failed with the code, and those of them shut out of it. */
    failing_devices: number;
    devices_shut_out: number;
    state: 'live' | 'expired' | 'redeemed' | 'revoked' | 'locked';
  };
  sign_ins: { kind: 'success' | 'failure' | 'locked'; occurred_at: string; client_address: string | null }[];
  identity_failures: { id: number; reported_at: string; reason: string }[];
  failed_redemptions: { occurred_at: string; reason: string }[];
  eligibility: { eligible: true } | { eligible: false; code: string; message: string };
  actions: PortalAccountAction[];
}

/** `meta` of a list page whose total the server stopped counting. */
export interface ListMeta {
  /** At least this many rows match; the server did not count further. */
  totalAtLeast?: number;
}

/** The verbs of the API that are not plain CRUD. */
export interface PortalDataProvider extends DataProvider {
  deactivate(resource: string, params: { id: Identifier; reason: string }): Promise<{ data: RaRecord }>;
  reactivate(resource: string, params: { id: Identifier }): Promise<{ data: RaRecord }>;
  /** Starts a password reset for a staff user: a new one-time link, earlier ones stop working. */
  issuePasswordLink(resource: string, params: { id: Identifier }): Promise<{ data: PasswordLink }>;
  changeOwnPassword(params: { current_password: string; new_password: string }): Promise<void>;
  verifyPasswordLink(params: { token: string }): Promise<{ data: PasswordLinkOwner }>;
  completePasswordReset(params: { token: string; new_password: string }): Promise<{ data: { username: string } }>;
  revokePortalToken(params: { id: Identifier }): Promise<{ data: RaRecord }>;
  issueActivationCode(params: { patientId: Identifier; location?: string }): Promise<{ data: IssuedCode }>;
  issueActivationCodes(params: { patientIds?: number[]; mrns?: string[]; location?: string }): Promise<{ data: BatchIssueResult }>;
  getActivationReport(params: { weeks: number }): Promise<{ data: ActivationReportRow[] }>;
  getPortalAccount(params: { patientId: Identifier }): Promise<{ data: PortalAccountPanel }>;
  changePortalAccount(params: {
    patientId: Identifier;
    change: 'unlock' | 'deactivate' | 'reactivate' | 'password-reset';
    body?: { version?: number; reason?: string };
  }): Promise<{ data: unknown }>;
  /** Adds a year's US federal holidays to the business calendar; answers how many were missing. */
  addFederalHolidays(params: { year: number }): Promise<{ data: { year: number; added: number } }>;
  /** Queues a run of a scheduled job now (the credential expiry); the queue list shows its progress. */
  runJobNow(params: { queue: string }): Promise<{ data: { job_id: string } }>;
  /** Gives a failed job one more attempt. */
  retryFailedJob(params: { id: Identifier }): Promise<{ data: RaRecord }>;
  /** Uploads an EHR patient extract; a dry run unless `dryRun` is false. */
  importPatients(params: { file: File; dryRun: boolean; onProgress?: (fraction: number) => void }): Promise<{ data: PatientImportReport }>;
}

/**
 * Reads a list answer's `Content-Range: <resource> <first>-<last>/<total or *>`. A `*` total
 * means the server stopped counting (it never counts a million rows for one page); then
 * `X-Total-At-Least` says how far it got and react-admin gets pageInfo instead of a total.
 */
export function listResult(
  data: RaRecord[],
  headers: Headers,
  range: { first: number; last: number },
): GetListResult & { meta?: ListMeta } {
  const contentRange = headers.get('Content-Range');
  const total = contentRange?.split('/').pop();
  if (!total) throw new Error('The server answered a list without a Content-Range header.');
  if (total !== '*') return { data, total: Number(total) };
  const atLeast = Number(headers.get('X-Total-At-Least'));
  const hasNextPage = atLeast > 0 ? range.last + 1 < atLeast : data.length === range.last - range.first + 1;
  return {
    data,
    pageInfo: { hasPreviousPage: range.first > 0, hasNextPage },
    meta: atLeast > 0 ? { totalAtLeast: atLeast } : undefined,
  };
}

/**
 * The console's dataProvider: ra-data-simple-rest's dialect (`sort`, `range`, `filter`), lists
 * that may be capped, and the API's own verbs.
 */
export function createDataProvider(http: HttpClient, { apiUrl = API_URL, upload }: { apiUrl?: string; upload?: ApiClient['upload'] } = {}): PortalDataProvider {
  const simpleRest = simpleRestProvider(apiUrl, http);
  const post = (path: string, body?: unknown) =>
    http(`${apiUrl}/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

  const getPage = async (
    resource: string,
    pagination: { page: number; perPage: number },
    sort: SortPayload,
    filter: Record<string, unknown>,
    signal?: AbortSignal,
  ) => {
    const first = (pagination.page - 1) * pagination.perPage;
    const last = first + pagination.perPage - 1;
    const query = new URLSearchParams({
      sort: JSON.stringify([sort.field, sort.order]),
      range: JSON.stringify([first, last]),
      filter: JSON.stringify(filter),
    });
    const { json, headers } = await http(`${apiUrl}/${resource}?${query}`, { signal });
    return listResult(json, headers, { first, last });
  };

  return {
    ...simpleRest,
    getList: (resource, { pagination, sort, filter, signal }) =>
      getPage(resource, pagination ?? { page: 1, perPage: 25 }, sort ?? { field: 'id', order: 'ASC' }, filter, signal),
    getManyReference: (resource, { pagination, sort, filter, target, id, signal }) =>
      getPage(resource, pagination, sort, { ...filter, [target]: id }, signal),
    async deactivate(resource, { id, reason }) {
      return { data: (await post(`${resource}/${encodeURIComponent(id)}/deactivate`, { reason })).json };
    },
    async reactivate(resource, { id }) {
      return { data: (await post(`${resource}/${encodeURIComponent(id)}/reactivate`)).json };
    },
    async issuePasswordLink(resource, { id }) {
      return { data: (await post(`${resource}/${encodeURIComponent(id)}/password-reset`)).json };
    },
    async changeOwnPassword(params) {
      await post('session/password', params);
    },
    async verifyPasswordLink(params) {
      return { data: (await post('password-resets/verify', params)).json };
    },
    async completePasswordReset(params) {
      return { data: (await post('password-resets/complete', params)).json };
    },
    async revokePortalToken({ id }) {
      return { data: (await post(`portal-tokens/${encodeURIComponent(id)}/revoke`)).json };
    },
    async issueActivationCode({ patientId, location }) {
      return { data: (await post(`patients/${encodeURIComponent(patientId)}/activation-codes`, location ? { location } : {})).json };
    },
    async issueActivationCodes({ patientIds, mrns, location }) {
      return { data: (await post('activation-codes/batch', { patient_ids: patientIds, mrns, location })).json };
    },
    async getActivationReport({ weeks }) {
      return { data: (await http(`${apiUrl}/activation-codes/report?weeks=${weeks}`)).json };
    },
    async getPortalAccount({ patientId }) {
      return { data: (await http(`${apiUrl}/patients/${encodeURIComponent(patientId)}/portal-account`)).json };
    },
    async changePortalAccount({ patientId, change, body }) {
      return { data: (await post(`patients/${encodeURIComponent(patientId)}/portal-account/${change}`, body ?? {})).json };
    },
    async addFederalHolidays({ year }) {
      return { data: (await post('business-holidays/federal', { year })).json };
    },
    async runJobNow({ queue }) {
      return { data: (await post(`job-queues/${encodeURIComponent(queue)}/runs`)).json };
    },
    async retryFailedJob({ id }) {
      return { data: (await post(`failed-jobs/${encodeURIComponent(id)}/retry`)).json };
    },
    async importPatients({ file, dryRun, onProgress }) {
      if (!upload) throw new Error('This dataProvider was created without an upload client.');
      const query = new URLSearchParams({ dry_run: String(dryRun), file_name: file.name });
      const csv = file.type === 'text/csv' ? file : new Blob([file], { type: 'text/csv' });
      return { data: (await upload(`${apiUrl}/patients/import?${query}`, csv, onProgress)).json };
    },
  };
}
