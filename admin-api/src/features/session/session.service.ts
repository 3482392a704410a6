import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Knex } from '@portaldesk/db';
import { hashSecret, passwordProblem, verifySecret } from '../../auth/passwords.ts';
import { permissionsFor } from '../../auth/policy.ts';
import type { StaffPrincipal } from '../../auth/principal.ts';
import { endSessionsOf } from '../../auth/session-store.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { badRequest, unauthenticated } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the console learns about the signed-in staff member and their session. */
export async function describeSession(req: Request, staff: StaffPrincipal, settings: SettingsStore, clock: Clock) {
  const values = await settings.all();
  const signedInAt = req.session.signedInAt ?? clock().getTime();
  return {
    staff: { id: staff.id, username: staff.username, displayName: staff.displayName, roles: staff.roles },
    permissions: permissionsFor(staff.roles),
    csrfToken: req.session.csrfToken,
    organization: {
      name: values['organization.name'],
      portalName: values['portal.name'],
      portalAddress: values['portal.address'],
      supportPhone: values['support.phone'],
      supportHours: values['support.hours'],
      timeZone: values['organization.time_zone'],
    },
    session: {
      signedInAt: new Date(signedInAt).toISOString(),
      expiresAt: new Date(signedInAt + values['session.absolute_hours'] * 3_600_000).toISOString(),
      idleMinutes: values['session.idle_minutes'],
      idleWarningSeconds: values['session.idle_warning_seconds'],
    },
  };
}

/** Staff change their own password after proving they know the current one. */
export async function changeOwnPassword(
  deps: { knex: Knex; settings: SettingsStore; clock: Clock },
  actor: Actor,
  staff: StaffPrincipal,
  currentSid: string,
  input: { current_password: string; new_password: string },
): Promise<void> {
  const { knex, settings, clock } = deps;
  const row = await knex('staff_users').first('password_hash').where({ id: staff.id, active: true });
  if (!row?.password_hash || !(await verifySecret(row.password_hash, input.current_password))) {
    await recordAudit(knex, actor, { action: 'change-password', resource: 'staff-users', resourceId: staff.id, outcome: 'failed' });
    throw badRequest('The current password is not right.', { current_password: 'is not right' }, 'wrong_current_password');
  }
  const problem = passwordProblem(input.new_password, await settings.get('password.min_length'), { username: staff.username });
  if (problem) throw badRequest(`The new password ${problem}.`, { new_password: problem }, 'weak_password');
  if (input.new_password === input.current_password) {
    throw badRequest('The new password must differ from the current one.', { new_password: 'must differ from the current password' }, 'weak_password');
  }
  const passwordHash = await hashSecret(input.new_password);
  await knex.transaction(async (trx) => {
    await trx('staff_users')
      .where({ id: staff.id })
      .update({ password_hash: passwordHash, password_changed_at: clock(), updated_at: clock(), version: trx.raw('version + 1') });
    // Anyone else holding this account's session loses it; the person changing it stays in.
    await endSessionsOf(trx, staff.id, currentSid);
    await recordAudit(trx, actor, { action: 'change-password', resource: 'staff-users', resourceId: staff.id });
  });
}

export function requireSignedIn(req: Request): StaffPrincipal {
  if (!req.user) throw unauthenticated();
  return req.user;
}
