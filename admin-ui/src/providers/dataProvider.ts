import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListResult, Identifier, RaRecord, SortPayload } from 'react-admin';
import type {
  ActivationReportRow,
  ActiveDeskLocation,
  BatchIssueRequest,
  BatchIssueResult,
  ChangePasswordRequest,
  CompletePasswordResetRequest,
  DeskLocation,
  FederalHolidaysAdded,
  IssuedCode,
  JobRunQueued,
  PasswordLink,
  PasswordLinkOwner,
  PasswordResetDone,
  PatientImportReport,
  PortalAccountChangeRequest,
  PortalAccountPanel,
  PortalToken,
  ProxyDecisionRequest,
  ProxyRequestCase,
  RetriedJob,
  VerifyPasswordLinkRequest,
} from '@portaldesk/admin-api/contract';
import type { ProxyAgeChange, ProxyRelationship, RevokeRelationshipRequest, WhoCanSee } from '@portaldesk/admin-api/contract';
import type { DemographicChangeRequestCase, PatientDocument, ReviewDemographicChangeRequest, SupportedLanguage } from '@portaldesk/admin-api/contract';
import type { GuarantorAccountImportReport } from '@portaldesk/admin-api/contract';
import type {
  PlaceResultHold,
  ReleaseResults,
  ReleaseResultsOutcome,
  ResultHold,
  ResultHoldOutcome,
  ResultImportReport,
  WithdrawResultHold,
} from '@portaldesk/admin-api/contract';
import { API_URL, type ApiClient, type HttpClient } from './httpClient.ts';
import { messageThreadVerbs, type MessageThreadVerbs } from '../resources/message-threads/threadVerbs.ts';

// The payloads come from the API's own schemas (admin-api/src/contract.ts); these are re-exported for the console's modules.
export type {
  ActivationReportRow,
  ActiveDeskLocation,
  BatchIssueResult,
  DeskLocation,
  IssuedCode,
  PasswordLink,
  PasswordLinkOwner,
  PatientImportReport,
  PortalAccountPanel,
  ProxyDecisionRequest,
  ProxyRequestCase,
};
export type { PortalAccountAction, PortalAccountState } from '@portaldesk/admin-api/contract';

/** `meta` of a list page whose total the server stopped counting. */
export interface ListMeta {
  /** At least this many rows match; the server did not count further. */
  totalAtLeast?: number;
}

/** The verbs of the API that are not plain CRUD. */
/** A CSV file to import, or only to check (dryRun), with upload progress as a fraction. */
export interface CsvImport {
  file: File;
  dryRun: boolean;
  onProgress?: (fraction: number) => void;
}

export interface PortalDataProvider extends DataProvider, MessageThreadVerbs {
  deactivate(resource: string, params: { id: Identifier; reason: string }): Promise<{ data: RaRecord }>;
  reactivate(resource: string, params: { id: Identifier }): Promise<{ data: RaRecord }>;
  /** Starts a password reset for a staff user: a new one-time link, earlier ones stop working. */
  issuePasswordLink(resource: string, params: { id: Identifier }): Promise<{ data: PasswordLink }>;
  changeOwnPassword(params: ChangePasswordRequest): Promise<void>;
  verifyPasswordLink(params: VerifyPasswordLinkRequest): Promise<{ data: PasswordLinkOwner }>;
  completePasswordReset(params: CompletePasswordResetRequest): Promise<{ data: PasswordResetDone }>;
  revokePortalToken(params: { id: Identifier }): Promise<{ data: PortalToken }>;
  /** `locationId`: the active desk location the code is handed over at. */
  issueActivationCode(params: { patientId: Identifier; locationId?: number }): Promise<{ data: IssuedCode }>;
  issueActivationCodes(params: {
    patientIds?: BatchIssueRequest['patient_ids'];
    mrns?: BatchIssueRequest['mrns'];
    locationId?: BatchIssueRequest['location_id'];
    /** Replace live codes too (after staff confirmed); otherwise their patients come back refused as `live_code`. */
    replaceLive?: boolean;
  }): Promise<{ data: BatchIssueResult }>;
  getActivationReport(params: { weeks: number }): Promise<{ data: ActivationReportRow[] }>;
  /** The desk locations a code may be issued at now, by name (whoever issues codes may ask). */
  activeDeskLocations(): Promise<{ data: ActiveDeskLocation[] }>;
  /** Retires a desk location (no longer offered for new codes) or brings it back. */
  retireDeskLocation(params: { id: Identifier; retire: boolean }): Promise<{ data: DeskLocation }>;
  getPortalAccount(params: { patientId: Identifier }): Promise<{ data: PortalAccountPanel }>;
  changePortalAccount(params: {
    patientId: Identifier;
    change: 'unlock' | 'deactivate' | 'reactivate' | 'password-reset';
    body?: PortalAccountChangeRequest;
  }): Promise<{ data: unknown }>;
  /** Adds a year's US federal holidays to the business calendar; answers how many were missing. */
  addFederalHolidays(params: { year: number }): Promise<{ data: FederalHolidaysAdded }>;
  /** Queues a run of a scheduled job now (the credential expiry); the queue list shows its progress. */
  runJobNow(params: { queue: string }): Promise<{ data: JobRunQueued }>;
  /** Gives a failed job one more attempt. */
  retryFailedJob(params: { id: Identifier }): Promise<{ data: RetriedJob }>;
  /** Uploads an EHR patient extract; a dry run unless `dryRun` is false. */
  importPatients(params: {
    file: File;
    dryRun: boolean;
    extractedAt?: string;
    onProgress?: (fraction: number) => void;
  }): Promise<{ data: PatientImportReport }>;
  /**
   * Decides a proxy request (approve, deny, or ask the requester for more information) with the
   * version that was read; answers the request as it now stands. 409 when someone decided first.
   */
  decideProxyRequest(params: { id: Identifier; body: ProxyDecisionRequest }): Promise<{ data: ProxyRequestCase }>;
  /** Takes a proxy request: the signed-in staff member becomes its assignee. */
  takeProxyRequest(params: { id: Identifier; version: number }): Promise<{ data: ProxyRequestCase }>;
  /** Ends a proxy relationship now, with a reason and the version read; 409 when it changed or ended since. */
  revokeProxyRelationship(params: { id: Identifier; body: RevokeRelationshipRequest }): Promise<{ data: ProxyRelationship }>;
  /** "Who sees what, and why" of a patient's portal record today. */
  whoCanSee(params: { patientId: Identifier }): Promise<{ data: WhoCanSee }>;
  /** The birthday worklist: patients whose proxies' access changes with a birthday in the next `days` days. */
  proxyAgeChanges(params: { days: number }): Promise<{ data: ProxyAgeChange[] }>;
  /**
   * Uploads one document for a patient (PDF, PNG or JPEG, at most 10 MB), such as the legal proof a
   * correction of a name, birth date or sex needs; the correction then names it by its id.
   */
  uploadPatientDocument(params: { patientId: Identifier; file: File }): Promise<{ data: PatientDocument }>;
  /**
   * Reviews a patient's demographic change request, every field at once, with the version that
   * was read; answers the request as it now stands. 409 when another reviewer came first.
   */
  reviewDemographicChangeRequest(params: { id: Identifier; body: ReviewDemographicChangeRequest }): Promise<{ data: DemographicChangeRequestCase }>;
  /** The languages the hospital supports, by name: what a preferred language may be. */
  supportedLanguages(): Promise<{ data: SupportedLanguage[] }>;
  /** Imports a lab results CSV (or checks it, with dryRun), reporting upload progress as a fraction. */
  importResults(params: CsvImport): Promise<{ data: ResultImportReport }>;
  /** Imports the billing system's guarantor accounts CSV (or checks it, with dryRun), reporting upload progress. */
  importGuarantorAccounts(params: CsvImport): Promise<{ data: GuarantorAccountImportReport }>;
  /** Holds results on a legal basis: extends a hold on the same basis, supersedes one on another (the result stays held). */
  placeResultHold(params: { body: PlaceResultHold }): Promise<{ data: ResultHoldOutcome }>;
  /** Releases held results to the portal now, with a reason. 409 when one of them is no longer held. */
  releaseResults(params: { body: ReleaseResults }): Promise<{ data: ReleaseResultsOutcome }>;
  /** Ends a hold because its basis was withdrawn (the patient asked, the harm no longer applies); releases its result. */
  withdrawResultHold(params: { id: Identifier; body: WithdrawResultHold }): Promise<{ data: ResultHold }>;
}

/**
 * Reads a list answer's `Content-Range: <resource> <first>-<last>/<total or *>`. A `*` total
 * means the server stopped counting (it never counts a million rows for one page); then
 * `X-Total-At-Least` says how far it got and react-admin gets pageInfo instead of a total.
 */
export function listResult(data: RaRecord[], headers: Headers, range: { first: number; last: number }): GetListResult & { meta?: ListMeta } {
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
 * A multipart/form-data body holding one file, encoded as a browser encodes a form (WHATWG HTML,
 * "multipart/form-data encoding algorithm"), for the upload client, which sends a Blob as it is
 * with its type (a Blob's type is lowercased, so the boundary is too).
 */
export function multipartFile(name: string, file: File): Blob {
  const boundary = `----portaldesk${Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  const quoted = (value: string) => value.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(file.name)}"\r\nContent-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  return new Blob([head, file, `\r\n--${boundary}--\r\n`], { type: `multipart/form-data; boundary=${boundary}` });
}

/** Resources whose DELETE names the version read (`?version=`), refused with 409 when someone saved since. */
const DELETES_WITH_VERSION: ReadonlySet<string> = new Set(['saved-replies']);

/**
 * The console's dataProvider: ra-data-simple-rest's dialect (`sort`, `range`, `filter`), lists
 * that may be capped, and the API's own verbs.
 */
export function createDataProvider(http: HttpClient, { apiUrl = API_URL, upload }: { apiUrl?: string; upload?: ApiClient['upload'] } = {}): PortalDataProvider {
  const simpleRest = simpleRestProvider(apiUrl, http);
  const post = (path: string, body?: unknown) => http(`${apiUrl}/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  /** A CSV import goes as the raw file, its name and whether it is only a check in the query. */
  const importCsv = async (resource: string, { file, dryRun, onProgress }: CsvImport) => {
    if (!upload) throw new Error('This dataProvider was created without an upload client.');
    const query = new URLSearchParams({ dry_run: String(dryRun), file_name: file.name });
    const csv = file.type === 'text/csv' ? file : new Blob([file], { type: 'text/csv' });
    return (await upload(`${apiUrl}/${resource}/import?${query}`, csv, onProgress)).json;
  };

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
    // The record the page showed (previousData) carries the version the person decided on.
    async delete(resource, params) {
      if (!DELETES_WITH_VERSION.has(resource)) return simpleRest.delete(resource, params);
      const query = new URLSearchParams({ version: String(params.previousData?.version) });
      return { data: (await http(`${apiUrl}/${resource}/${encodeURIComponent(params.id)}?${query}`, { method: 'DELETE' })).json };
    },
    getManyReference: (resource, { pagination, sort, filter, target, id, signal }) =>
      // A patient's demographic history lives under the patient: /patients/:id/history.
      resource === 'patient-history'
        ? getPage(`patients/${encodeURIComponent(id)}/history`, pagination, sort, filter, signal)
        : getPage(resource, pagination, sort, { ...filter, [target]: id }, signal),
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
    async issueActivationCode({ patientId, locationId }) {
      return { data: (await post(`patients/${encodeURIComponent(patientId)}/activation-codes`, { location_id: locationId })).json };
    },
    async issueActivationCodes({ patientIds, mrns, locationId, replaceLive }) {
      return { data: (await post('activation-codes/batch', { patient_ids: patientIds, mrns, location_id: locationId, replace_live: replaceLive })).json };
    },
    async getActivationReport({ weeks }) {
      return { data: (await http(`${apiUrl}/activation-codes/report?weeks=${weeks}`)).json };
    },
    async activeDeskLocations() {
      return { data: (await http(`${apiUrl}/desk-locations/active`)).json };
    },
    async retireDeskLocation({ id, retire }) {
      return { data: (await post(`desk-locations/${encodeURIComponent(id)}/${retire ? 'retire' : 'restore'}`)).json };
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
    async importPatients({ file, dryRun, extractedAt, onProgress }) {
      if (!upload) throw new Error('This dataProvider was created without an upload client.');
      const query = new URLSearchParams({ dry_run: String(dryRun), file_name: file.name, ...(extractedAt ? { extracted_at: extractedAt } : {}) });
      const csv = file.type === 'text/csv' ? file : new Blob([file], { type: 'text/csv' });
      return { data: (await upload(`${apiUrl}/patients/import?${query}`, csv, onProgress)).json };
    },
    async decideProxyRequest({ id, body }) {
      return { data: (await post(`proxy-requests/${encodeURIComponent(id)}/decision`, body)).json };
    },
    async takeProxyRequest({ id, version }) {
      return { data: (await post(`proxy-requests/${encodeURIComponent(id)}/take`, { version })).json };
    },
    async revokeProxyRelationship({ id, body }) {
      return { data: (await post(`proxy-relationships/${encodeURIComponent(id)}/revoke`, body)).json };
    },
    async whoCanSee({ patientId }) {
      return { data: (await http(`${apiUrl}/patients/${encodeURIComponent(patientId)}/who-can-see`)).json };
    },
    async proxyAgeChanges({ days }) {
      return { data: (await http(`${apiUrl}/proxy-age-changes?days=${days}`)).json };
    },
    async reviewDemographicChangeRequest({ id, body }) {
      return { data: (await post(`demographic-change-requests/${encodeURIComponent(id)}/review`, body)).json };
    },
    async supportedLanguages() {
      return { data: (await http(`${apiUrl}/supported-languages`)).json };
    },
    async importResults(params) {
      return { data: await importCsv('results', params) };
    },
    async importGuarantorAccounts(params) {
      return { data: await importCsv('guarantor-accounts', params) };
    },
    ...messageThreadVerbs(http, apiUrl),
    async placeResultHold({ body }) {
      return { data: (await post('result-holds', body)).json };
    },
    async releaseResults({ body }) {
      return { data: (await post('results/release', body)).json };
    },
    async withdrawResultHold({ id, body }) {
      return { data: (await post(`result-holds/${encodeURIComponent(id)}/withdraw`, body)).json };
    },
    async uploadPatientDocument({ patientId, file }) {
      if (!upload) throw new Error('This dataProvider was created without an upload client.');
      return { data: (await upload(`${apiUrl}/patients/${encodeURIComponent(patientId)}/documents`, multipartFile('documents', file))).json };
    },
  };
}
