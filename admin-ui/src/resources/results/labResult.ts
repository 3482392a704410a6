import { HttpError } from 'react-admin';
import type { LabResult, PlaceResultHold } from '@portaldesk/admin-api/contract';
import { apiErrorBody } from '../../providers/httpClient.ts';

export type AbnormalFlag = NonNullable<LabResult['abnormal_flag']>;
export type HoldBasis = PlaceResultHold['basis'];
export type HarmType = NonNullable<PlaceResultHold['harmType']>;

/** The bases the API accepts (admin-api results.schema.ts, HOLD_BASES), in the order the hold dialog offers them. */
export const HOLD_BASES = ['patient_request', 'preventing_harm', 'state_law'] as const satisfies readonly HoldBasis[];

/** The kinds of harm of 45 CFR 171.201 the API accepts (HARM_TYPES), in the order the hold dialog offers them. */
export const HARM_TYPES = [
  'life_or_physical_safety',
  'substantial_harm_by_representative',
  'substantial_harm_to_other_person',
] as const satisfies readonly HarmType[];

const CRITICAL_FLAGS: ReadonlySet<AbnormalFlag> = new Set(['HH', 'LL', 'AA']);

/** A flag worth showing: the lab said the value is out of range (N, normal, and no flag say nothing). */
export const isAbnormal = (flag: AbnormalFlag | null): flag is Exclude<AbnormalFlag, 'N'> => flag !== null && flag !== 'N';

/** Critically high, low or abnormal: the values a clinician must not miss. */
export const isCritical = (flag: AbnormalFlag | null) => flag !== null && CRITICAL_FLAGS.has(flag);

/**
 * The API's rule for a hold's or a release's reason (admin-api results.schema.ts), checked before
 * sending: the message key of what is wrong, or null.
 */
export function reasonProblem(reason: string): string | null {
  const text = reason.trim();
  if (text.length < 3) return 'portal.results.reason_required';
  if (/^for review\.?$/i.test(text)) return 'portal.results.reason_not_review';
  return null;
}

/** Why a hold or a release was refused, as its dialog shows it. */
export interface ActionFailure {
  /** The server's sentence for the whole request. */
  message: string;
  /** Its messages for single fields of the body, by the body's key (`reviewBy`, `reason`). */
  fields: Record<string, string>;
  /** 409: someone acted on these results first, or one is held on another basis. */
  conflict: boolean;
}

/** Reads a refused hold or release; an unexpected failure keeps its own message. */
export function actionFailure(error: unknown): ActionFailure {
  const body = apiErrorBody(error);
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(body?.errors ?? {})) {
    if (typeof message === 'string') fields[field] = message;
  }
  return {
    message: body?.message ?? (error instanceof Error ? error.message : String(error)),
    fields,
    conflict: error instanceof HttpError && error.status === 409,
  };
}

/**
 * What a dialog shows above its fields after a refusal: the messages about parts of the body it
 * has no field for (the results named), else the server's sentence when no field was blamed.
 */
export function failureNotice(failure: ActionFailure | null, fieldsShown: readonly string[]): string | null {
  if (!failure) return null;
  const blamed = Object.entries(failure.fields);
  if (!blamed.length) return failure.message;
  const elsewhere = blamed.filter(([field]) => !fieldsShown.includes(field)).map(([, message]) => message);
  return elsewhere.length ? elsewhere.join(' ') : null;
}
