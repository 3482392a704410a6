import { randomBytes } from 'node:crypto';
import type { Knex } from '@portaldesk/db';
import { can } from '../../auth/policy.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { todayIn, type Clock } from '../../lib/clock.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { hashToken } from '../../lib/token-hash.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { enqueueMessage } from '../../outbox/outbox.ts';
import { eligibilityProblem } from '../activation-codes/activation-codes.service.ts';
import {
  findAccount,
  findLatestCode,
  expireOpenResetLinks,
  findPanelPatient,
  openIdentityFailures,
  recentFailedRedemptions,
  recentSignInEvents,
  updateAccountAtVersion,
  type LatestCodeRow,
} from './portal-accounts.repo.ts';

export interface PortalAccountDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  jobs: JobQueue;
}

/** Why a patient can or cannot sign in, as one word the console turns into a sentence. */
export type PanelState =
  | 'no_account'
  | 'code_pending'
  | 'code_expired'
  | 'code_revoked'
  | 'code_locked'
  | 'active'
  | 'locked'
  | 'deactivated'
  | 'identity_check_failed';

export type CodeState = 'live' | 'expired' | 'redeemed' | 'revoked' | 'locked';

export function codeState(code: Pick<LatestCodeRow, 'redeemed_at' | 'revoked_at' | 'locked_at' | 'expires_at'>, now: Date): CodeState {
  if (code.redeemed_at) return 'redeemed';
  if (code.locked_at) return 'locked';
  if (code.revoked_at) return 'revoked';
  return code.expires_at.getTime() <= now.getTime() ? 'expired' : 'live';
}

const CODE_PANEL_STATE: Record<Exclude<CodeState, 'redeemed'>, PanelState> = {
  live: 'code_pending',
  expired: 'code_expired',
  revoked: 'code_revoked',
  locked: 'code_locked',
};

/** The next steps the state allows, filtered by what the caller's roles may do. */
function nextActions(state: PanelState, eligible: boolean, roles: readonly string[]): string[] {
  const byState: Record<PanelState, string[]> = {
    no_account: ['issue_code'],
    identity_check_failed: ['issue_code'],
    code_pending: ['issue_code'],
    code_expired: ['issue_code'],
    code_revoked: ['issue_code'],
    code_locked: ['issue_code'],
    active: ['send_password_reset', 'deactivate'],
    locked: ['unlock', 'send_password_reset', 'deactivate'],
    deactivated: ['reactivate'],
  };
  const permission: Record<string, [string, string]> = {
    issue_code: ['create', 'activation-codes'],
    unlock: ['unlock', 'portal-accounts'],
    send_password_reset: ['reset-password', 'portal-accounts'],
    deactivate: ['deactivate', 'portal-accounts'],
    reactivate: ['reactivate', 'portal-accounts'],
  };
  return byState[state].filter((action) => (action !== 'issue_code' || eligible) && can(roles, ...permission[action]));
}

/**
 * The support panel: the account's state in plain terms, the facts behind it and the safe next
 * actions. Reading it is a look at the patient's record, so it is audited.
 */
export async function portalAccountPanel(deps: PortalAccountDeps, actor: Actor, patientId: number) {
  const settings = await deps.settings.all();
  const patient = await findPanelPatient(deps.knex, patientId);
  if (!patient) {
    await recordAudit(deps.knex, actor, { action: 'show', resource: 'portal-accounts', resourceId: patientId, outcome: 'failed', details: { reason: 'not_found' } });
    throw notFound('Patient');
  }
  const now = deps.clock();
  const [account, latestCode, identityFailures, failedRedemptions] = await Promise.all([
    findAccount(deps.knex, patientId),
    findLatestCode(deps.knex, patientId, settings['activation.max_failed_attempts']),
    openIdentityFailures(deps.knex, patientId),
    recentFailedRedemptions(deps.knex, patientId),
  ]);
  const signIns = account ? await recentSignInEvents(deps.knex, account.id) : [];
  const code = latestCode ? { ...latestCode, state: codeState(latestCode, now) } : null;

  let state: PanelState = 'no_account';
  if (account) state = account.status;
  else if (code && code.state !== 'redeemed') state = CODE_PANEL_STATE[code.state];
  else if (identityFailures.length) state = 'identity_check_failed';

  const problem = eligibilityProblem(
    { ...patient, account_status: account?.status ?? null },
    todayIn(settings['organization.time_zone'], now),
    settings['activation.min_age'],
  );
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'portal-accounts', resourceId: account?.id ?? null, patientId });
  return {
    id: patientId,
    state,
    patient: { id: patient.id, mrn: patient.mrn, family_name: patient.family_name, given_name: patient.given_name, has_email: Boolean(patient.email) },
    account: account ?? null,
    latest_code: code,
    sign_ins: signIns,
    identity_failures: identityFailures,
    // The portal hears one answer for every refusal; support sees why each one failed.
    failed_redemptions: failedRedemptions,
    eligibility: problem ? { eligible: false, ...problem } : { eligible: true },
    actions: nextActions(state, problem === null, actor.roles),
  };
}

const stale = () =>
  conflict('Someone else changed this portal account since you opened it. Reload to see the change, then try again.', 'stale_version');

type AccountChange = 'unlock' | 'deactivate' | 'reactivate';

const ALLOWED_FROM: Record<AccountChange, readonly string[]> = {
  unlock: ['locked'],
  deactivate: ['active', 'locked'],
  reactivate: ['deactivated'],
};

const WRONG_STATE: Record<AccountChange, string> = {
  unlock: 'The account is not locked.',
  deactivate: 'The account is already deactivated.',
  reactivate: 'The account is not deactivated.',
};

/**
 * Unlocks, deactivates (with a reason) or reactivates a patient's portal account, if it is still
 * at the version the staff member saw; a concurrent change is refused, never overwritten.
 */
export async function changeAccount(
  deps: PortalAccountDeps,
  actor: Actor,
  patientId: number,
  change: AccountChange,
  { version, reason }: { version: number; reason?: string },
) {
  return deps.knex.transaction(async (trx) => {
    // Locked, so a reset link being sent meanwhile is either expired here or sees the new state.
    const account = await findAccount(trx, patientId, true);
    if (!account) throw notFound('Portal account');
    if (account.version !== version) throw stale();
    if (!ALLOWED_FROM[change].includes(account.status)) throw conflict(WRONG_STATE[change], 'wrong_state');
    const now = deps.clock();
    const changes: Record<AccountChange, Record<string, unknown>> = {
      unlock: { status: 'active', locked_at: null },
      deactivate: { status: 'deactivated', deactivated_at: now, deactivated_by: actor.staffUserId, deactivation_reason: reason },
      reactivate: { status: 'active', locked_at: null, deactivated_at: null, deactivated_by: null, deactivation_reason: null },
    };
    if (!(await updateAccountAtVersion(trx, account.id, version, changes[change], now))) throw stale();
    // A reset link sent before the deactivation must not open the account again.
    const linksExpired = change === 'deactivate' ? await expireOpenResetLinks(trx, account.id, now) : 0;
    await recordAudit(trx, actor, {
      action: change, resource: 'portal-accounts', resourceId: account.id, patientId,
      details: change === 'deactivate' ? { reason, reset_links_expired: linksExpired } : undefined,
    });
    return findAccount(trx, patientId);
  });
}

const HOUR_MS = 3_600_000;

/**
 * Sends the patient a one-time password-reset link for the portal, through the outbox. Staff
 * never see the link; only its hash is kept once the message is sent.
 */
export async function sendPortalPasswordReset(deps: PortalAccountDeps, actor: Actor, patientId: number) {
  const settings = await deps.settings.all();
  return deps.knex.transaction(async (trx) => {
    const patient = await findPanelPatient(trx, patientId);
    const account = await findAccount(trx, patientId, true);
    if (!patient || !account) throw notFound('Portal account');
    if (account.status === 'deactivated') throw conflict('The account is deactivated; reactivate it first.', 'wrong_state');
    if (!patient.email) {
      throw conflict('There is no email address on file for this patient. Update it in the EHR, or issue a new activation code on paper.', 'no_email');
    }
    const token = randomBytes(32).toString('base64url');
    const now = deps.clock();
    const expiresAt = new Date(now.getTime() + settings['password_reset.link_hours'] * HOUR_MS);
    await expireOpenResetLinks(trx, account.id, now);
    await trx('portal_password_resets').insert({
      portal_account_id: account.id,
      token_hash: hashToken(token),
      created_by: actor.staffUserId,
      created_at: now,
      expires_at: expiresAt,
    });
    const link = `${settings['portal.address'].replace(/\/$/, '')}/reset-password?token=${token}`;
    const messageId = await enqueueMessage(trx, deps.jobs, {
      patientId,
      kind: 'portal_password_reset',
      channel: 'email',
      recipient: patient.email,
      payload: { username: account.username, portal: settings['portal.name'], expires_at: expiresAt.toISOString() },
      secret: link,
      createdBy: actor.staffUserId,
      createdAt: now,
    });
    await recordAudit(trx, actor, { action: 'reset-password', resource: 'portal-accounts', resourceId: account.id, patientId, details: { outbox_message_id: messageId } });
    return { sent_to: 'the email address on file', expires_at: expiresAt };
  });
}
