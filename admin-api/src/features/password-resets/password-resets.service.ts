import { randomBytes } from 'node:crypto';
import type { Knex } from '@portaldesk/db';
import { hashSecret, passwordProblem } from '../../auth/passwords.ts';
import { endSessionsOf } from '../../auth/session-store.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, badRequest } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { hashToken } from '../../lib/token-hash.ts';

export interface PasswordLink {
  url: string;
  expires_at: string;
}

/**
 * Creates a one-time password link for a staff member and revokes any earlier one. The token
 * (256 random bits) is returned once; only its SHA-256 is stored, which is enough for a
 * high-entropy secret. `hours` is the link's lifetime, read by the caller before its transaction.
 */
export async function issuePasswordLink(
  trx: Knex | Knex.Transaction,
  deps: { clock: Clock; publicUrl: string },
  { staffUserId, createdBy, hours }: { staffUserId: number; createdBy: number | null; hours: number },
): Promise<PasswordLink> {
  const now = deps.clock();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + hours * 3_600_000);
  await trx('password_reset_tokens').where({ staff_user_id: staffUserId }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
  await trx('password_reset_tokens').insert({
    staff_user_id: staffUserId,
    token_hash: hashToken(token),
    created_by: createdBy,
    created_at: now,
    expires_at: expiresAt,
  });
  // The token travels in the URL fragment, which browsers never send to a server or its logs.
  return { url: `${deps.publicUrl.replace(/\/$/, '')}/#/set-password?token=${token}`, expires_at: expiresAt.toISOString() };
}

const invalidLink = () =>
  new AppError(
    404,
    'link_invalid',
    'This password link is not valid: it was already used, replaced by a newer one, or it expired. Ask an administrator for a new one.',
  );

async function findLiveToken(knex: Knex | Knex.Transaction, token: string, now: Date, lock = false) {
  const query = knex('password_reset_tokens as t')
    .join('staff_users as s', 's.id', 't.staff_user_id')
    .first('t.id', 't.staff_user_id', 't.expires_at', 's.username', 's.display_name')
    .where('t.token_hash', hashToken(token))
    .whereNull('t.used_at')
    .whereNull('t.revoked_at')
    .where('t.expires_at', '>', now)
    .where('s.active', true);
  if (lock) query.forUpdate();
  return query;
}

/** Whom a link belongs to, so the page can greet them before they choose a password. */
export async function describeLink(deps: { knex: Knex; clock: Clock }, token: string) {
  const row = await findLiveToken(deps.knex, token, deps.clock());
  if (!row) throw invalidLink();
  return { username: row.username, display_name: row.display_name, expires_at: new Date(row.expires_at).toISOString() };
}

/** Sets the password and spends the link; every session of that account ends. */
export async function completePasswordReset(
  deps: { knex: Knex; settings: SettingsStore; clock: Clock },
  actor: Actor,
  input: { token: string; new_password: string },
): Promise<{ username: string }> {
  const { knex, settings, clock } = deps;
  const preview = await findLiveToken(knex, input.token, clock());
  if (!preview) throw invalidLink();
  const problem = passwordProblem(input.new_password, await settings.get('password.min_length'), { username: preview.username });
  if (problem) throw badRequest(`The new password ${problem}.`, { new_password: problem }, 'weak_password');
  const passwordHash = await hashSecret(input.new_password);
  return knex.transaction(async (trx) => {
    const now = clock();
    // Re-read under a row lock: two tabs submitting the same link cannot both succeed.
    const row = await findLiveToken(trx, input.token, now, true);
    if (!row) throw invalidLink();
    await trx('password_reset_tokens').where({ id: row.id }).update({ used_at: now });
    await trx('staff_users')
      .where({ id: row.staff_user_id })
      .update({ password_hash: passwordHash, password_changed_at: now, updated_at: now, version: trx.raw('version + 1') });
    await endSessionsOf(trx, row.staff_user_id);
    await recordAudit(
      trx,
      { ...actor, staffUserId: row.staff_user_id, username: row.username },
      {
        action: 'set-password',
        resource: 'staff-users',
        resourceId: row.staff_user_id,
      },
    );
    return { username: row.username };
  });
}
