import type { Knex } from '@portaldesk/db';
import { hashSecret, verifySecret } from '../../auth/passwords.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { ageOn, todayIn, type Clock } from '../../lib/clock.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { formatCode, generateCode, normalizeCode, splitCode } from './activation-codes.code.ts';
import {
  createAccount,
  insertCode,
  lockCodeBySelector,
  lockPatientForIssue,
  markRedeemed,
  recordFailedAttempt,
  revokeLiveCodes,
} from './activation-codes.repo.ts';

export interface ActivationDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A refusal to issue, in words the front desk can act on; `code` is stable for the console. */
const notEligible = (code: string, message: string) => new AppError(409, code, message);

export interface Eligibility {
  date_of_birth: string;
  deceased_date: string | null;
  account_status: 'active' | 'locked' | 'deactivated' | null;
}

/** Why this patient cannot get an activation code today (`today` in the organization's zone), or null. */
export function eligibilityProblem(patient: Eligibility, today: string, minAge: number): { code: string; message: string } | null {
  if (patient.deceased_date) return { code: 'patient_deceased', message: 'This patient is recorded as deceased; no activation code can be issued.' };
  if (ageOn(patient.date_of_birth, today) < minAge) {
    return {
      code: 'patient_too_young',
      message: `Patients under ${minAge} cannot have their own portal account. A parent or guardian can ask for proxy access to this patient's record instead.`,
    };
  }
  if (patient.account_status === 'active' || patient.account_status === 'locked') {
    return {
      code: 'account_exists',
      message: 'This patient already has a portal account. If they cannot sign in, portal support can unlock it or send a password-reset link.',
    };
  }
  if (patient.account_status === 'deactivated') {
    return { code: 'account_deactivated', message: "This patient's portal account was deactivated. Portal support can reactivate it." };
  }
  return null;
}

/** A fresh code with its stored parts: the selector and the argon2id hash of the rest. */
async function drawCode(): Promise<{ code: string; selector: string; verifierHash: string }> {
  const code = generateCode();
  const { selector, verifier } = splitCode(code);
  return { code, selector, verifierHash: await hashSecret(verifier) };
}

/**
 * Issues an activation code for a patient: checks eligibility (age in the organization's time
 * zone, alive, no portal account yet), revokes the patient's earlier live codes, and stores only
 * the selector and an argon2id hash of the rest. The code is answered here, once.
 */
export async function issueActivationCode(deps: ActivationDeps, actor: Actor, patientId: number, location: string | null) {
  const settings = await deps.settings.all();
  const now = deps.clock();
  // Hashed before the transaction, so the patient's row lock is not held through argon2id.
  let drawn = await drawCode();

  return deps.knex.transaction(async (trx) => {
    const patient = await lockPatientForIssue(trx, patientId);
    if (!patient) throw notFound('Patient');
    const problem = eligibilityProblem(patient, todayIn(settings['organization.time_zone'], now), settings['activation.min_age']);
    if (problem) {
      await recordAudit(deps.knex, actor, {
        action: 'create', resource: 'activation-codes', patientId, outcome: 'failed', details: { reason: problem.code },
      });
      throw notEligible(problem.code, problem.message);
    }

    const revoked = await revokeLiveCodes(trx, patientId, now);
    const expiresAt = new Date(now.getTime() + settings['activation.code_days'] * DAY_MS);
    let id: number | undefined;
    // A selector is 25 bits: among many live codes a clash is rare but possible; draw again then.
    for (let attempt = 0; id === undefined && attempt < 5; attempt += 1) {
      if (attempt > 0) drawn = await drawCode();
      id = await insertCode(trx, {
        patient_id: patientId, selector: drawn.selector, verifier_hash: drawn.verifierHash,
        issued_at: now, issued_by: actor.staffUserId, location, expires_at: expiresAt,
      });
    }
    if (id === undefined) throw new Error('Could not draw an unused activation-code selector.');
    await recordAudit(trx, actor, {
      action: 'create', resource: 'activation-codes', resourceId: id, patientId, details: { revoked_earlier: revoked, location },
    });
    return {
      id,
      code: formatCode(drawn.code),
      expires_at: expiresAt,
      revoked_earlier: revoked,
      patient: { id: patient.id, family_name: patient.family_name, given_name: patient.given_name },
    };
  });
}

export interface Redemption {
  code: string;
  dateOfBirth: string;
  username: string;
}

/** Why a redemption failed; the portal only ever hears "refused", staff see this. */
export type RedemptionFailure = 'malformed' | 'unknown_code' | 'expired' | 'redeemed' | 'revoked' | 'locked' | 'wrong_verifier' | 'wrong_birth_date';

export type RedemptionResult =
  | { ok: true; account: { id: number; username: string; patientId: number } }
  | { ok: false; reason: RedemptionFailure | 'username_taken'; patientId: number | null; lockedNow: boolean };

/**
 * Redeems a code for the portal. The code's row is locked for the whole check, so simultaneous
 * redemptions of one code queue and exactly one can succeed; a failure counts against the code
 * and locks it at the limit. The hash is checked only for a code that could still be redeemed.
 */
export async function redeemActivationCode(deps: ActivationDeps, actor: Actor, redemption: Redemption): Promise<RedemptionResult> {
  const normalized = normalizeCode(redemption.code);
  if (!normalized) return { ok: false, reason: 'malformed', patientId: null, lockedNow: false };
  const { selector, verifier } = splitCode(normalized);
  const maxFailures = await deps.settings.get('activation.max_failed_attempts');
  const now = deps.clock();

  const result = await deps.knex.transaction(async (trx): Promise<RedemptionResult> => {
    const row = await lockCodeBySelector(trx, selector);
    if (!row) return { ok: false, reason: 'unknown_code', patientId: null, lockedNow: false };
    const fail = (reason: RedemptionFailure, lockedNow = false): RedemptionResult => ({ ok: false, reason, patientId: row.patient_id, lockedNow });
    if (row.redeemed_at) return fail('redeemed');
    if (row.revoked_at) return fail('revoked');
    if (row.locked_at) return fail('locked');
    if (row.expires_at.getTime() <= now.getTime()) return fail('expired');
    if (!(await verifySecret(row.verifier_hash, verifier))) return fail('wrong_verifier', await recordFailedAttempt(trx, row.id, maxFailures, now));
    if (row.date_of_birth !== redemption.dateOfBirth) {
      return fail('wrong_birth_date', await recordFailedAttempt(trx, row.id, maxFailures, now));
    }
    const account = await createAccount(trx, row.patient_id, redemption.username, now);
    if (!account) return { ok: false, reason: 'username_taken', patientId: row.patient_id, lockedNow: false };
    await markRedeemed(trx, row.id, now);
    await recordAudit(trx, actor, {
      action: 'redeem', resource: 'activation-codes', resourceId: row.id, patientId: row.patient_id, details: { account_id: account.id },
    });
    return { ok: true, account: { ...account, patientId: row.patient_id } };
  });

  if (!result.ok) {
    await recordAudit(deps.knex, actor, {
      action: 'redeem', resource: 'activation-codes', patientId: result.patientId, outcome: 'failed',
      details: { reason: result.reason, locked_now: result.lockedNow },
    });
  }
  return result;
}

/** Thrown by the portal route for a taken username: the one failure the patient can fix alone. */
export const usernameTaken = () => conflict('This username is taken. Choose another.', 'username_taken');

export interface BatchRefusal {
  mrn: string | null;
  patient_id: number | null;
  code: string;
  message: string;
}

/**
 * Issues codes for many patients at once (a selection in the list, or MRNs from a file), each in
 * its own transaction: one refusal (too young, already active, unknown MRN) does not stop the
 * others, and the answer says which were issued and why others were not.
 */
export async function issueActivationCodes(
  deps: ActivationDeps,
  actor: Actor,
  { patientIds = [], mrns = [], location = null }: { patientIds?: number[]; mrns?: string[]; location?: string | null },
) {
  const found: { id: number; mrn: string }[] = await deps.knex('patients')
    .select('id', 'mrn')
    .whereIn('id', patientIds)
    .orWhereIn('mrn', mrns);
  const mrnOf = new Map(found.map((row) => [row.id, row.mrn]));
  const knownMrns = new Set(found.map((row) => row.mrn));
  const refused: BatchRefusal[] = mrns
    .filter((mrn) => !knownMrns.has(mrn))
    .map((mrn) => ({ mrn, patient_id: null, code: 'unknown_mrn', message: 'No patient has this MRN.' }));
  const byMrn = new Map(found.map((row) => [row.mrn, row.id]));
  const targets = [...new Set([...patientIds, ...mrns.flatMap((mrn) => byMrn.get(mrn) ?? [])])];
  const issued: (Awaited<ReturnType<typeof issueActivationCode>> & { mrn: string })[] = [];
  for (const patientId of targets) {
    try {
      issued.push({ ...(await issueActivationCode(deps, actor, patientId, location)), mrn: mrnOf.get(patientId) ?? '' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ mrn: mrnOf.get(patientId) ?? null, patient_id: patientId, code: error.code, message: error.message });
    }
  }
  return { issued, refused };
}
