import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { can } from '../../auth/policy.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { todayIn, type Clock } from '../../lib/clock.ts';
import { badRequest, conflict, notFound } from '../../lib/errors.ts';
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
import type { CODE_STATES, PANEL_STATES, signInEventBody } from './portal-accounts.schema.ts';

export interface PortalAccountDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  jobs: JobQueue;
}

/** Why a patient can or cannot sign in, as one word the console turns into a sentence. */
export type PanelState = (typeof PANEL_STATES)[number];

export type CodeState = (typeof CODE_STATES)[number];

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
    await recordAudit(deps.knex, actor, {
      action: 'show',
      resource: 'portal-accounts',
      resourceId: patientId,
      outcome: 'failed',
      details: { reason: 'not_found' },
    });
    throw notFound('Patient');
  }
  const now = deps.clock();
  const [account, latestCode, identityFailures, failedRedemptions, openProxies] = await Promise.all([
    findAccount(deps.knex, patientId),
    findLatestCode(deps.knex, patientId, settings['activation.max_failed_attempts']),
    openIdentityFailures(deps.knex, patientId),
    recentFailedRedemptions(deps.knex, patientId),
    countOpenProxies(deps.knex, patientId),
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
    open_proxies: openProxies,
  };
}

/** The relationships not ended through which someone sees the patient's record. */
async function countOpenProxies(knex: Knex, patientId: number): Promise<number> {
  const [{ count }] = await knex('proxy_relationships').where({ patient_id: patientId }).whereNull('ended_at').count<{ count: number }[]>({ count: '*' });
  return Number(count);
}

/** Ends them with the deactivation's reason, each with its audit row; answers how many. */
async function endOpenProxies(trx: Knex.Transaction, actor: Actor, patientId: number, reason: string, now: Date): Promise<number> {
  const ended: { id: number }[] = await trx('proxy_relationships')
    .where({ patient_id: patientId })
    .whereNull('ended_at')
    .update({ ended_at: now, end_cause: 'account_deactivated', ended_by: actor.staffUserId, end_reason: reason, version: trx.raw('version + 1') })
    .returning('id');
  for (const { id } of ended)
    await recordAudit(trx, actor, { action: 'revoke', resource: 'proxy-relationships', resourceId: id, patientId, details: { with: 'account deactivation' } });
  return ended.length;
}

const stale = () => conflict('Someone else changed this portal account since you opened it. Reload to see the change, then try again.', 'stale_version');

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
  deps: Pick<PortalAccountDeps, 'knex' | 'clock'>,
  actor: Actor,
  patientId: number,
  change: AccountChange,
  { version, reason, revokeProxies = false }: { version: number; reason?: string; revokeProxies?: boolean },
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
    // Staff decide whether the people who see this patient's record keep seeing it.
    const proxiesRevoked = change === 'deactivate' && revokeProxies ? await endOpenProxies(trx, actor, patientId, reason!, now) : 0;
    await recordAudit(trx, actor, {
      action: change,
      resource: 'portal-accounts',
      resourceId: account.id,
      patientId,
      details: change === 'deactivate' ? { reason, reset_links_expired: linksExpired, proxies_revoked: proxiesRevoked } : undefined,
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
    await recordAudit(trx, actor, {
      action: 'reset-password',
      resource: 'portal-accounts',
      resourceId: account.id,
      patientId,
      details: { outbox_message_id: messageId },
    });
    return { sent_to: 'the email address on file', expires_at: expiresAt };
  });
}

/** How far back the portal may date a sign-in event (a queue replayed after an outage), and ahead (clock skew). */
const OCCURRED_AT_PAST_MS = 30 * 24 * 3_600_000;
const OCCURRED_AT_FUTURE_MS = 5 * 60_000;

/**
 * Records a sign-in event the portal reports. A success notes the last sign-in; a lock marks the
 * account locked, so support sees it and can unlock it. An unknown username is answered like a
 * known one: the portal's token must not become a way to test who has an account.
 */
export async function recordSignInEvent(knex: Knex, actor: Actor, event: z.output<typeof signInEventBody>) {
  const now = actor.clock();
  const occurredAt = event.occurredAt ? new Date(event.occurredAt) : now;
  if (occurredAt.getTime() < now.getTime() - OCCURRED_AT_PAST_MS || occurredAt.getTime() > now.getTime() + OCCURRED_AT_FUTURE_MS) {
    throw badRequest('occurredAt must lie within the last 30 days (and not in the future).', { occurredAt: 'must lie within the last 30 days' });
  }
  return knex.transaction(async (trx) => {
    const account = await trx('portal_accounts').first('id', 'patient_id', 'status').where({ username: event.username }).forUpdate();
    if (!account) {
      await recordAudit(trx, actor, {
        action: `sign-in-${event.event}`,
        resource: 'portal-accounts',
        outcome: 'failed',
        details: { reason: 'unknown_username' },
      });
      return;
    }
    await trx('portal_sign_in_events').insert({
      portal_account_id: account.id,
      kind: event.event,
      occurred_at: occurredAt,
      reported_at: now,
      client_address: actor.clientAddress,
    });
    if (event.event === 'success') await trx('portal_accounts').where({ id: account.id }).update({ last_sign_in_at: occurredAt });
    if (event.event === 'locked' && account.status === 'active') {
      await trx('portal_accounts')
        .where({ id: account.id })
        .update({ status: 'locked', locked_at: occurredAt, version: trx.raw('version + 1'), updated_at: now });
    }
    await recordAudit(trx, actor, {
      action: `sign-in-${event.event}`,
      resource: 'portal-accounts',
      resourceId: account.id,
      patientId: account.patient_id,
      outcome: event.event === 'success' ? 'success' : 'failed',
    });
  });
}

/**
 * Spends a password-reset link support sent: answers whose account it opens, once. The portal
 * then lets the patient choose a new password; PortalDesk never sees it. Only an active or
 * locked account can be opened: a deactivated one stays closed whatever links are out.
 */
export async function spendPortalPasswordReset(knex: Knex, actor: Actor, token: string) {
  const now = actor.clock();
  return knex.transaction(async (trx) => {
    const [row] = await trx('portal_password_resets as r')
      .where('r.token_hash', hashToken(token))
      .whereNull('r.used_at')
      .where('r.expires_at', '>', now)
      .whereExists((account) => account.select(1).from('portal_accounts as a').whereRaw('a.id = r.portal_account_id').whereIn('a.status', ['active', 'locked']))
      .update({ used_at: now })
      .returning(['r.portal_account_id']);
    if (!row) return undefined;
    const account = await trx('portal_accounts').first('id', 'username', 'patient_id', 'status').where({ id: row.portal_account_id });
    await recordAudit(trx, actor, { action: 'reset-password-used', resource: 'portal-accounts', resourceId: account.id, patientId: account.patient_id });
    return { username: account.username as string, status: account.status as string };
  });
}
