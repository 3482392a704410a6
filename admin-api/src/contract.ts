/**
 * The staff API's payloads as the console sees them, derived from the zod schemas the routes
 * declare (the OpenAPI document is generated from the same schemas, and the tests hold every
 * answer to them). The console imports these types and never copies a shape by hand.
 * Types, and four plain modules the console bundles, each importing nothing: the audit rows' words
 * (audit-labels.ts), shared with the API's CSV export, the demographic value sets with their
 * display names (value-sets.ts), the message topics with their teams and the saved replies'
 * placeholders (message-topics.ts), and the guarantor accounts file's columns
 * (guarantor-accounts.columns.ts). Nothing else here reaches the bundle.
 */
import type { z } from 'zod';
import type { Action, Resource, Role } from './auth/policy.ts';
import type { errorBodySchema } from './lib/errors.ts';
import type { batchIssueBody, batchIssueResult, issuedCodeRecord, weeklyActivationRow } from './features/activation-codes/activation-codes.schema.ts';
import type { auditEventRecord } from './features/audit-events/audit-events.schema.ts';
import type { ledgerEntryRecord } from './features/patient-access-ledger/patient-access-ledger.schema.ts';
import type { federalHolidaysResult, holidayRecord } from './features/business-holidays/business-holidays.schema.ts';
import type { activeDeskLocation, deskLocationRecord, renameDeskLocationBody } from './features/desk-locations/desk-locations.schema.ts';
import type { identityCheckCaseRecord, identityCheckFailureRecord, resolveBody } from './features/identity-check-failures/identity-check-failures.schema.ts';
import type { failedJobRecord, jobQueueRecord, jobRunQueued, retriedJob } from './features/jobs/jobs.schema.ts';
import type {
  completeResetBody,
  passwordLinkOwnerResult,
  passwordLinkRecord,
  passwordResetResult,
  verifyTokenBody,
} from './features/password-resets/password-resets.schema.ts';
import type { patientFilter, patientImportReport, patientRecord, patientRow } from './features/patients/patients.schema.ts';
import type {
  accountVersionBody,
  deactivateAccountBody,
  portalAccountPanelRecord,
  portalAccountRecord,
  passwordResetSent,
} from './features/portal-accounts/portal-accounts.schema.ts';
import type { createdPortalTokenRecord, portalTokenRecord } from './features/portal-tokens/portal-tokens.schema.ts';
import type {
  proxyDecisionBody,
  proxyRequestCase,
  proxyRequestFilter,
  proxyRequestRecord,
  PROXY_KINDS,
  PROXY_RELATIONSHIPS,
  PROXY_REQUEST_STATUSES,
} from './features/proxy-requests/proxy-requests.schema.ts';
import type { documentRecord } from './features/documents/documents.schema.ts';
import type { historyRecord, patientCorrectionBody } from './features/demographics/demographics.schema.ts';
import type {
  correctionRecord,
  holdBody,
  holdFilter,
  holdOutcome,
  holdRecord,
  releaseBody,
  releaseOutcome,
  resultFilter,
  resultImportReport,
  resultRecord,
  withdrawBody,
} from './features/results/results.schema.ts';
import type { createCategoryBody, resultCategoryRecord, updateCategoryBody } from './features/result-categories/result-categories.schema.ts';
import type { supportedLanguage } from './features/demographics/demographics.routes.ts';
import type {
  changeRequestCase,
  changeRequestFilter,
  changeRequestRecord,
  reviewBody,
} from './features/demographic-change-requests/demographic-change-requests.schema.ts';
import type { ageChangeRecord, relationshipRecord, revokeBody, whoCanSeeRecord } from './features/proxy-relationships/proxy-relationships.schema.ts';
import type { createTierBody, tierRecord, updateTierBody } from './features/proxy-age-tiers/proxy-age-tiers.schema.ts';
import type { roleChangeRow } from './features/role-changes/role-changes.schema.ts';
import type { changePasswordBody, sessionInfo, signInBody } from './features/session/session.schema.ts';
import type { settingRecord, updateSettingBody } from './features/settings/settings.schema.ts';
import type { createdStaffUserRecord, staffUserRecord } from './features/staff-users/staff-users.schema.ts';
import type { createServiceLocationBody, serviceLocationRecord, updateServiceLocationBody } from './features/service-locations/service-locations.schema.ts';
import type {
  guarantorAccountDetail,
  guarantorAccountFilter,
  guarantorAccountImportReport,
  guarantorAccountRecord,
  payNowAnswer,
} from './features/guarantor-accounts/guarantor-accounts.schema.ts';
import type {
  filledSavedReply,
  messageTeamStats,
  messageThreadDetail,
  messageThreadFilter,
  messageThreadRecord,
  threadAssignee,
  threadNoteBody,
  threadReplyBody,
  threadUpdateBody,
} from './features/message-threads/message-threads.schema.ts';
import type { savedReplyBody, savedReplyRecord, savedReplyUpdateBody } from './features/saved-replies/saved-replies.schema.ts';

/** What the API answers (instants as ISO strings). */
type Answer<Schema extends z.ZodType> = z.output<Schema>;
/** What the console sends. */
type Sent<Schema extends z.ZodType> = z.input<Schema>;

export type { Action, Resource, Role };
export type ApiErrorBody = Answer<typeof errorBodySchema>;

export type SessionInfo = Answer<typeof sessionInfo>;
export type SignInRequest = Sent<typeof signInBody>;
export type ChangePasswordRequest = Sent<typeof changePasswordBody>;

export type PasswordLink = Answer<typeof passwordLinkRecord>;
export type PasswordLinkOwner = Answer<typeof passwordLinkOwnerResult>;
export type PasswordResetDone = Answer<typeof passwordResetResult>;
export type VerifyPasswordLinkRequest = Sent<typeof verifyTokenBody>;
export type CompletePasswordResetRequest = Sent<typeof completeResetBody>;

export type PatientListFilter = Sent<typeof patientFilter>;
export type PatientRow = Answer<typeof patientRow>;
export type PatientRecord = Answer<typeof patientRecord>;
export type PatientImportReport = Answer<typeof patientImportReport>;

export type IssuedCode = Answer<typeof issuedCodeRecord>;
export type BatchIssueRequest = Sent<typeof batchIssueBody>;
export type BatchIssueResult = Answer<typeof batchIssueResult>;
export type ActivationReportRow = Answer<typeof weeklyActivationRow>;

export type PortalAccountPanel = Answer<typeof portalAccountPanelRecord>;
export type PortalAccountState = PortalAccountPanel['state'];
export type PortalAccountAction = PortalAccountPanel['actions'][number];
export type PortalAccount = Answer<typeof portalAccountRecord>;
export type PortalPasswordResetSent = Answer<typeof passwordResetSent>;
export type PortalAccountChangeRequest = Sent<typeof accountVersionBody> | Sent<typeof deactivateAccountBody>;

export type IdentityCheckCase = Answer<typeof identityCheckFailureRecord>;
/** One case as its page shows it: with the matched patient's chart and the next open case. */
export type IdentityCheckCaseDetail = Answer<typeof identityCheckCaseRecord>;
export type ResolveIdentityCheckRequest = Sent<typeof resolveBody>;

export type StaffUser = Answer<typeof staffUserRecord>;
export type CreatedStaffUser = Answer<typeof createdStaffUserRecord>;

export type AuditEvent = Answer<typeof auditEventRecord>;
export type AccessLedgerEntry = Answer<typeof ledgerEntryRecord>;
export { describeAuditEvent, describeLedgerEntry } from './features/audit-events/audit-labels.ts';
export type RoleChange = Answer<typeof roleChangeRow>;

export type Setting = Answer<typeof settingRecord>;
export type UpdateSettingRequest = Sent<typeof updateSettingBody>;
export type Holiday = Answer<typeof holidayRecord>;
export type FederalHolidaysAdded = Answer<typeof federalHolidaysResult>;
export type DeskLocation = Answer<typeof deskLocationRecord>;
export type ActiveDeskLocation = Answer<typeof activeDeskLocation>;
export type RenameDeskLocationRequest = Sent<typeof renameDeskLocationBody>;

export type PortalToken = Answer<typeof portalTokenRecord>;
export type CreatedPortalToken = Answer<typeof createdPortalTokenRecord>;

export type JobQueue = Answer<typeof jobQueueRecord>;
export type FailedJob = Answer<typeof failedJobRecord>;
export type JobRunQueued = Answer<typeof jobRunQueued>;
export type RetriedJob = Answer<typeof retriedJob>;

export type ProxyRequest = Answer<typeof proxyRequestRecord>;
/** One request as its page shows it: requester and patient side by side, documents, decision. */
export type ProxyRequestCase = Answer<typeof proxyRequestCase>;
export type ProxyRequestListFilter = Sent<typeof proxyRequestFilter>;
export type ProxyDecisionRequest = Sent<typeof proxyDecisionBody>;
export type ProxyRelationshipKind = (typeof PROXY_RELATIONSHIPS)[number];
export type ProxyRequestStatus = (typeof PROXY_REQUEST_STATUSES)[number];
export type ProxyRequestKind = (typeof PROXY_KINDS)[number];

export type ProxyRelationship = Answer<typeof relationshipRecord>;
export type RevokeRelationshipRequest = Sent<typeof revokeBody>;
/** "Who sees what, and why" for one patient. */
export type WhoCanSee = Answer<typeof whoCanSeeRecord>;
export type ProxyAgeChange = Answer<typeof ageChangeRecord>;
export type ProxyAgeTier = Answer<typeof tierRecord>;
export type ProxyAgeTierChange = Sent<typeof updateTierBody>;
export type ProxyAgeTierCreation = Sent<typeof createTierBody>;

/** Demographics: the value sets and their words are plain data the console bundles too. */
export * from './features/demographics/value-sets.ts';
export * from './features/message-threads/message-topics.ts';
export type PatientCorrection = Sent<typeof patientCorrectionBody>;
export type PatientHistoryEntry = Answer<typeof historyRecord>;
export type SupportedLanguage = Answer<typeof supportedLanguage>;
/** What a 409 `stale_version` on a patient correction carries: the record now and what changed since the version sent. */
export interface PatientSaveConflict {
  current: PatientRecord;
  changes: PatientHistoryEntry[];
}
export type DemographicChangeRequest = Answer<typeof changeRequestRecord>;
export type DemographicChangeRequestListFilter = Sent<typeof changeRequestFilter>;
/** One request as its review page shows it: each field then, asked for and now. */
export type DemographicChangeRequestCase = Answer<typeof changeRequestCase>;
export type RequestedField = DemographicChangeRequestCase['requested_fields'][number];
export type ReviewDemographicChangeRequest = Sent<typeof reviewBody>;

/** A document sent about a patient, as their Documents panel lists it. */
export type PatientDocument = Answer<typeof documentRecord>;

/** Results: a patient's results with their release status, holds with their legal basis, and the categories' rules. */
export type LabResult = Answer<typeof resultRecord>;
export type LabResultListFilter = Sent<typeof resultFilter>;
export type LabResultCorrection = Answer<typeof correctionRecord>;
export type ResultImportReport = Answer<typeof resultImportReport>;
export type ResultHold = Answer<typeof holdRecord>;
export type ResultHoldListFilter = Sent<typeof holdFilter>;
export type PlaceResultHold = Sent<typeof holdBody>;
export type ResultHoldOutcome = Answer<typeof holdOutcome>;
export type ReleaseResults = Sent<typeof releaseBody>;
export type ReleaseResultsOutcome = Answer<typeof releaseOutcome>;
export type WithdrawResultHold = Sent<typeof withdrawBody>;
export type ResultCategory = Answer<typeof resultCategoryRecord>;
export type ResultCategoryCreation = Sent<typeof createCategoryBody>;
export type ResultCategoryChange = Sent<typeof updateCategoryBody>;

export type ServiceLocation = Answer<typeof serviceLocationRecord>;
export type ServiceLocationCreateRequest = Sent<typeof createServiceLocationBody>;
export type ServiceLocationUpdateRequest = Sent<typeof updateServiceLocationBody>;

export type PayNow = Answer<typeof payNowAnswer>;
export type GuarantorAccount = Answer<typeof guarantorAccountRecord>;
export type GuarantorAccountDetail = Answer<typeof guarantorAccountDetail>;
export type GuarantorAccountListFilter = Sent<typeof guarantorAccountFilter>;
export type GuarantorAccountImportReport = Answer<typeof guarantorAccountImportReport>;
export { REQUIRED_GUARANTOR_ACCOUNT_COLUMNS } from './features/guarantor-accounts/guarantor-accounts.columns.ts';

export type MessageThread = Answer<typeof messageThreadRecord>;
export type MessageThreadDetail = Answer<typeof messageThreadDetail>;
export type MessageThreadListFilter = Sent<typeof messageThreadFilter>;
export type ThreadReplyRequest = Sent<typeof threadReplyBody>;
export type ThreadNoteRequest = Sent<typeof threadNoteBody>;
export type ThreadUpdateRequest = Sent<typeof threadUpdateBody>;
export type FilledSavedReply = Answer<typeof filledSavedReply>;
export type ThreadAssignee = Answer<typeof threadAssignee>;
/** One team's figures; the route answers an array of them. */
export type MessageTeamStats = Answer<typeof messageTeamStats>;

export type SavedReply = Answer<typeof savedReplyRecord>;
export type SavedReplyRequest = Sent<typeof savedReplyBody>;
export type SavedReplyUpdateRequest = Sent<typeof savedReplyUpdateBody>;
