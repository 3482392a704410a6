import type { Identifier } from 'react-admin';
import type { DemographicChangeRequestCase, RequestedField, ReviewDemographicChangeRequest } from '@portaldesk/admin-api/contract';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';

export const RESOURCE = 'demographic-change-requests';

export type ChangeField = RequestedField['field'];
export type Decision = NonNullable<ReviewDemographicChangeRequest['fields'][ChangeField]>['decision'];

/** What the reviewer has chosen for one field so far. */
export interface Draft {
  decision: Decision | '';
  reason: string;
  /** "I have compared the current value": needed to accept a field the record changed in since the request. */
  acknowledged: boolean;
}

export type Drafts = Partial<Record<ChangeField, Draft>>;

export const EMPTY_DRAFT: Draft = { decision: '', reason: '', acknowledged: false };

/** As the API: a longer reason is refused. */
export const REASON_MAX_LENGTH = 500;

/**
 * Where a problem is shown, by the API's own keys without their `fields.` prefix: `race` (the
 * decision), `race.reason`, `race.acknowledgeChange`.
 */
export type ProblemKey = ChangeField | `${ChangeField}.reason` | `${ChangeField}.acknowledgeChange`;
export type Problems = Partial<Record<ProblemKey, string>>;

/** True when the field may be accepted at all: a value the API would refuse (an unsupported language) may only be rejected. */
export const acceptable = (field: RequestedField) => field.problem === null;

/** Message keys of what stops the review from being sent, field by field, in the page's order. */
export function reviewProblems(fields: readonly RequestedField[], drafts: Drafts): Problems {
  const problems: Problems = {};
  for (const field of fields) {
    const draft = drafts[field.field] ?? EMPTY_DRAFT;
    if (!draft.decision) {
      problems[field.field] = 'portal.demographic_changes.pick_decision';
    } else if (draft.decision === 'accept' && !acceptable(field)) {
      problems[field.field] = 'portal.demographic_changes.only_reject';
    } else if (draft.decision === 'reject') {
      const reason = draft.reason.trim();
      if (!reason) problems[`${field.field}.reason`] = 'portal.demographic_changes.reason_required';
      else if (reason.length > REASON_MAX_LENGTH) problems[`${field.field}.reason`] = 'portal.demographic_changes.reason_too_long';
    } else if (field.changed_since_request && !draft.acknowledged) {
      problems[`${field.field}.acknowledgeChange`] = 'portal.demographic_changes.acknowledge_required';
    }
  }
  return problems;
}

/**
 * The review as the API takes it: a decision for every field, a reason with each rejection, and
 * the acknowledgement with each accepted field that changed since the request. Call it once
 * `reviewProblems` finds nothing.
 */
export function reviewBody(fields: readonly RequestedField[], drafts: Drafts, version: number, patientVersion: number): ReviewDemographicChangeRequest {
  const decisions: ReviewDemographicChangeRequest['fields'] = {};
  for (const field of fields) {
    const draft = drafts[field.field] ?? EMPTY_DRAFT;
    if (draft.decision === 'reject') decisions[field.field] = { decision: 'reject', reason: draft.reason.trim() };
    else if (field.changed_since_request) decisions[field.field] = { decision: 'accept', acknowledgeChange: true };
    else decisions[field.field] = { decision: 'accept' };
  }
  return { fields: decisions, version, patientVersion };
}

/** "Accept all": every field that can be accepted is; the others keep what the reviewer chose. */
export function acceptAll(fields: readonly RequestedField[], drafts: Drafts): Drafts {
  const next: Drafts = { ...drafts };
  for (const field of fields) {
    if (acceptable(field)) next[field.field] = { ...(drafts[field.field] ?? EMPTY_DRAFT), decision: 'accept' };
  }
  return next;
}

/** Sends the review with the version that was read; answers the request as it now stands. */
export async function sendReview(
  dataProvider: PortalDataProvider,
  id: Identifier,
  body: ReviewDemographicChangeRequest,
): Promise<DemographicChangeRequestCase> {
  const { data } = await dataProvider.reviewDemographicChangeRequest({ id, body });
  return data;
}
