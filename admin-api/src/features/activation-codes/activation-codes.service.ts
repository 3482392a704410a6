import type { Knex } from '@portaldesk/db';
import { burnVerificationTime, hashSecret, verifySecret } from '../../auth/passwords.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { endOfDayAfter } from '../../lib/business-days.ts';
import { ageOn, isoInZone, todayIn, type Clock } from '../../lib/clock.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { requireActiveDeskLocation } from '../desk-locations/desk-locations.service.ts';
import { formatCode, generateCode, normalizeCode, splitCode } from './activation-codes.code.ts';
import {
  createAccount,
  findCodeOwner,
  insertCode,
  lockCodeForRedemption,
  lockPatientForIssue,
  markRedeemed,
  recordFailedAttempt,
  findLiveCode,
  revokeLiveCodes,
} from './activation-codes.repo.ts';
import type { INELIGIBLE_REASONS, REDEMPTION_FAILURES } from './activation-codes.schema.ts';

export interface ActivationDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
}

export type IneligibleReason = (typeof INELIGIBLE_REASONS)[number];

/** A refusal to issue, in words the front desk can act on; `code` is stable for the console. */
/** Why a code was not issued: the patient may not have one, or (in a batch not yet confirmed) has a live one. */
type IssueRefusal = IneligibleReason | 'live_code';

const notEligible = (code: IssueRefusal, message: string) => new AppError(409, code, message);

export interface Eligibility {
  date_of_birth: string;
  deceased_date: string | null;
  account_status: 'active' | 'locked' | 'deactivated' | null;
}

/** Why this patient cannot get an activation code today (`today` in the organization's zone), or null. */
export function eligibilityProblem(patient: Eligibility, today: string, minAge: number): { code: IneligibleReason; message: string } | null {
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

/** A code as issued: answered this once, never stored or shown again. */
export interface IssuedCode {
  id: number;
  code: string;
  expires_at: Date;
  revoked_earlier: number;
  patient: { id: number; family_name: string; given_name: string };
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
 * the selector and an argon2id hash of the rest. The code is answered here, once. `locationId`,
 * when given, must be an active desk location (a 422 naming `location_id` otherwise).
 *
 * The patient's row is locked first, as redemption does, so a reissue and a redemption queue.
 * Nothing inside the transaction waits for another pool connection: with every connection held
 * by requests queued on that same lock, it would never get one.
 */
export async function issueActivationCode(
  deps: ActivationDeps,
  actor: Actor,
  patientId: number,
  locationId: number | null,
  { replaceLive = true }: { replaceLive?: boolean } = {},
): Promise<IssuedCode> {
  // Checked before the patient's row is locked; a location retired a moment later still took this code.
  if (locationId !== null) await requireActiveDeskLocation(deps.knex, locationId, 'location_id');
  const settings = await deps.settings.all();
  const now = deps.clock();
  // Hashed before the transaction, so the patient's row lock is not held through argon2id.
  let drawn = await drawCode();

  const issued = await deps.knex.transaction(async (trx): Promise<{ code: IssuedCode } | { problem: { code: IssueRefusal; message: string } }> => {
    const patient = await lockPatientForIssue(trx, patientId);
    if (!patient) throw notFound('Patient');
    const problem = eligibilityProblem(patient, todayIn(settings['organization.time_zone'], now), settings['activation.min_age']);
    // Refused: the audit row is written once the patient's row lock is released (below).
    if (problem) return { problem };
    if (!replaceLive) {
      const live = await findLiveCode(trx, patientId, now);
      if (live) {
        const issuedOn = isoInZone(live.issued_at, settings['organization.time_zone']).slice(0, 10);
        return {
          problem: { code: 'live_code', message: `Has a live code issued ${issuedOn}${live.location ? ` at ${live.location}` : ''}; issuing replaces it.` },
        };
      }
    }

    const revoked = await revokeLiveCodes(trx, patientId, now);
    const expiresAt = endOfDayAfter(now, settings['activation.code_days'], settings['organization.time_zone']);
    let id: number | undefined;
    // A selector is 25 bits: among many live codes a clash is rare but possible; draw again then.
    for (let attempt = 0; id === undefined && attempt < 5; attempt += 1) {
      if (attempt > 0) drawn = await drawCode();
      id = await insertCode(trx, {
        patient_id: patientId,
        selector: drawn.selector,
        verifier_hash: drawn.verifierHash,
        issued_at: now,
        issued_by: actor.staffUserId,
        location_id: locationId,
        expires_at: expiresAt,
      });
    }
    if (id === undefined) throw new Error('Could not draw an unused activation-code selector.');
    await recordAudit(trx, actor, {
      action: 'create',
      resource: 'activation-codes',
      resourceId: id,
      patientId,
      details: { revoked_earlier: revoked, location_id: locationId },
    });
    return {
      code: {
        id,
        code: formatCode(drawn.code),
        expires_at: expiresAt,
        revoked_earlier: revoked,
        patient: { id: patient.id, family_name: patient.family_name, given_name: patient.given_name },
      },
    };
  });
  if ('code' in issued) return issued.code;
  await recordAudit(deps.knex, actor, {
    action: 'create',
    resource: 'activation-codes',
    patientId,
    outcome: 'failed',
    details: { reason: issued.problem.code },
  });
  throw notEligible(issued.problem.code, issued.problem.message);
}

export interface Redemption {
  code: string;
  dateOfBirth: string;
  username: string;
  /** The device trying (the portal's token and the patient's address): failures are counted per device. */
  device: string;
}

/** Why a redemption failed; the portal only ever hears "refused", staff see this. */
export type RedemptionFailure = (typeof REDEMPTION_FAILURES)[number];

export type RedemptionResult =
  | { ok: true; account: { id: number; username: string; patientId: number } }
  | { ok: false; reason: RedemptionFailure | 'username_taken'; patientId: number | null; lockedNow: boolean };

/**
 * Redeems a code for the portal. The patient's row and then the code's are locked for the whole
 * check (the order issuing takes them), so simultaneous redemptions queue and exactly one can
 * succeed, and a reissue waits rather than deadlocks.
 *
 * Every attempt, whatever becomes of it, costs one argon2id verification: against the code's
 * hash when it could still be redeemed, else against a throwaway one (the portal route also
 * answers every refusal at the same pace). Failures count per device: a device that reaches
 * `activation.max_failed_attempts` is shut out of this code. The code itself locks only after
 * that many wrong birth dates given with the right code: a stranger guessing at a code cannot
 * lock the patient's, while someone holding a lost letter cannot go on guessing the birth date.
 */
export async function redeemActivationCode(deps: ActivationDeps, actor: Actor, redemption: Redemption): Promise<RedemptionResult> {
  const normalized = normalizeCode(redemption.code);
  if (!normalized) {
    await burnVerificationTime(redemption.code);
    return { ok: false, reason: 'malformed', patientId: null, lockedNow: false };
  }
  const { selector, verifier } = splitCode(normalized);
  const perDevice = await deps.settings.get('activation.max_failed_attempts');
  const now = deps.clock();
  const patientId = await findCodeOwner(deps.knex, selector);

  const result =
    patientId === undefined
      ? undefined
      : await deps.knex.transaction(async (trx): Promise<RedemptionResult | undefined> => {
          const row = await lockCodeForRedemption(trx, patientId, selector, redemption.device);
          if (!row) return undefined;
          const fail = (reason: RedemptionFailure, lockedNow = false): RedemptionResult => ({ ok: false, reason, patientId: row.patient_id, lockedNow });
          const refusal = row.redeemed_at
            ? 'redeemed'
            : row.revoked_at
              ? 'revoked'
              : row.locked_at
                ? 'locked'
                : row.expires_at.getTime() <= now.getTime()
                  ? 'expired'
                  : row.device_failures >= perDevice
                    ? 'device_locked_out'
                    : row.account_status
                      ? 'account_exists'
                      : null;
          if (refusal) {
            await burnVerificationTime(verifier);
            return fail(refusal);
          }
          const verified = await verifySecret(row.verifier_hash, verifier);
          if (!verified || row.date_of_birth !== redemption.dateOfBirth) {
            const lockedNow = await recordFailedAttempt(trx, row.id, redemption.device, { rightCode: verified, lockAfter: perDevice, now });
            return fail(verified ? 'wrong_birth_date' : 'wrong_verifier', lockedNow);
          }
          const account = await createAccount(trx, row.patient_id, redemption.username, now);
          if (!account) return { ok: false, reason: 'username_taken', patientId: row.patient_id, lockedNow: false };
          await markRedeemed(trx, row.id, now);
          // Issuing revoked every earlier code; none may stay live beside an account all the same.
          await revokeLiveCodes(trx, row.patient_id, now);
          await recordAudit(trx, actor, {
            action: 'redeem',
            resource: 'activation-codes',
            resourceId: row.id,
            patientId: row.patient_id,
            details: { account_id: account.id },
          });
          return { ok: true, account: { ...account, patientId: row.patient_id } };
        });

  if (!result) await burnVerificationTime(verifier);
  const outcome = result ?? { ok: false, reason: 'unknown_code', patientId: null, lockedNow: false };
  if (!outcome.ok) {
    await recordAudit(deps.knex, actor, {
      action: 'redeem',
      resource: 'activation-codes',
      patientId: outcome.patientId,
      outcome: 'failed',
      details: { reason: outcome.reason, locked_now: outcome.lockedNow },
    });
  }
  return outcome;
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
 * others, and the answer says which were issued and why others were not. A location that is not
 * active refuses the whole batch (422) before any code is issued.
 */
export async function issueActivationCodes(
  deps: ActivationDeps,
  actor: Actor,
  {
    patientIds = [],
    mrns = [],
    locationId = null,
    replaceLive = false,
  }: { patientIds?: number[]; mrns?: string[]; locationId?: number | null; replaceLive?: boolean },
) {
  if (locationId !== null) await requireActiveDeskLocation(deps.knex, locationId, 'location_id');
  const found: { id: number; mrn: string }[] = await deps.knex('patients').select('id', 'mrn').whereIn('id', patientIds).orWhereIn('mrn', mrns);
  const mrnOf = new Map(found.map((row) => [row.id, row.mrn]));
  const knownMrns = new Set(found.map((row) => row.mrn));
  const refused: BatchRefusal[] = mrns
    .filter((mrn) => !knownMrns.has(mrn))
    .map((mrn) => ({ mrn, patient_id: null, code: 'unknown_mrn', message: 'No patient has this MRN.' }));
  const byMrn = new Map(found.map((row) => [row.mrn, row.id]));
  const targets = [...new Set([...patientIds, ...mrns.flatMap((mrn) => byMrn.get(mrn) ?? [])])];
  const issued: (IssuedCode & { mrn: string })[] = [];
  for (const patientId of targets) {
    try {
      issued.push({ ...(await issueActivationCode(deps, actor, patientId, locationId, { replaceLive })), mrn: mrnOf.get(patientId) ?? '' });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ mrn: mrnOf.get(patientId) ?? null, patient_id: patientId, code: error.code, message: error.message });
    }
  }
  return { issued, refused };
}
