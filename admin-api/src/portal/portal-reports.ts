import { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../lib/audit.ts';
import { badRequest } from '../lib/errors.ts';
import { hashToken } from '../lib/token-hash.ts';
import { isoDate, isoInstant } from '../lib/validation.ts';

export const signInEventBody = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(64),
  event: z.enum(['success', 'failure', 'locked'], { error: 'must be success, failure or locked' }),
  occurredAt: isoInstant.optional(),
});

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
      await recordAudit(trx, actor, { action: `sign-in-${event.event}`, resource: 'portal-accounts', outcome: 'failed', details: { reason: 'unknown_username' } });
      return;
    }
    await trx('portal_sign_in_events').insert({
      portal_account_id: account.id, kind: event.event, occurred_at: occurredAt, reported_at: now, client_address: actor.clientAddress,
    });
    if (event.event === 'success') await trx('portal_accounts').where({ id: account.id }).update({ last_sign_in_at: occurredAt });
    if (event.event === 'locked' && account.status === 'active') {
      await trx('portal_accounts')
        .where({ id: account.id })
        .update({ status: 'locked', locked_at: occurredAt, version: trx.raw('version + 1'), updated_at: now });
    }
    await recordAudit(trx, actor, {
      action: `sign-in-${event.event}`, resource: 'portal-accounts', resourceId: account.id, patientId: account.patient_id,
      outcome: event.event === 'success' ? 'success' : 'failed',
    });
  });
}

export const identityCheckFailureBody = z.strictObject({
  familyName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
  givenName: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
  dateOfBirth: isoDate,
  email: z.email('must be an email address').max(254).optional(),
  phone: z.string().trim().max(32).optional(),
  reason: z.string({ error: 'is required' }).trim().min(1, 'is required').max(500),
});

/**
 * Queues a failed self-sign-up identity check for support, linked to the patient when exactly
 * one has that name and birth date. The portal hears only that the report was received: whether
 * it matched a patient is for support to see, not for whoever holds a portal token.
 */
export async function recordIdentityCheckFailure(knex: Knex, actor: Actor, report: z.output<typeof identityCheckFailureBody>): Promise<{ id: number }> {
  const matches: { id: number }[] = await knex('patients')
    .select('id')
    .where({ family_key: report.familyName.toLowerCase(), date_of_birth: report.dateOfBirth })
    .whereRaw('given_key = ?', [report.givenName.toLowerCase()])
    .limit(2);
  const patientId = matches.length === 1 ? matches[0].id : null;
  return knex.transaction(async (trx) => {
    const [{ id }] = await trx('identity_check_failures')
      .insert({
        reported_at: actor.clock(),
        family_name: report.familyName,
        given_name: report.givenName,
        date_of_birth: report.dateOfBirth,
        email: report.email ?? null,
        phone: report.phone ?? null,
        reason: report.reason,
        patient_id: patientId,
      })
      .returning('id');
    await recordAudit(trx, actor, { action: 'create', resource: 'identity-check-failures', resourceId: id, patientId });
    return { id };
  });
}

export const passwordResetBody = z.strictObject({ token: z.string({ error: 'is required' }).min(20).max(100) });

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
      .whereExists((account) =>
        account.select(1).from('portal_accounts as a').whereRaw('a.id = r.portal_account_id').whereIn('a.status', ['active', 'locked']),
      )
      .update({ used_at: now })
      .returning(['r.portal_account_id']);
    if (!row) return undefined;
    const account = await trx('portal_accounts').first('id', 'username', 'patient_id', 'status').where({ id: row.portal_account_id });
    await recordAudit(trx, actor, { action: 'reset-password-used', resource: 'portal-accounts', resourceId: account.id, patientId: account.patient_id });
    return { username: account.username as string, status: account.status as string };
  });
}
