import type { Knex } from '@portaldesk/db';
import { endSessionsOf } from '../../auth/session-store.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { issuePasswordLink, type PasswordLink } from '../password-resets/password-resets.service.ts';
import {
  countOtherActiveAdmins,
  findStaffUser,
  insertStaffUser,
  replaceRoles,
  type StaffUserRow,
} from './staff-users.repo.ts';

export interface StaffUsersDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  publicUrl: string;
}

const usernameTaken = () => new AppError(409, 'username_taken', 'That username is already taken.', { username: 'is already taken' });

/**
 * Creates a staff member without a password: the answer carries a one-time link, shown once,
 * through which they choose their own. An admin never sets or sees a password.
 */
export async function createStaffUser(
  deps: StaffUsersDeps,
  actor: Actor,
  input: { username: string; display_name: string; roles: string[] },
): Promise<StaffUserRow & { password_link: PasswordLink }> {
  return deps.knex.transaction(async (trx) => {
    const id = await insertStaffUser(trx, input, actor.staffUserId);
    if (!id) throw usernameTaken();
    const link = await issuePasswordLink(trx, deps, id, actor.staffUserId);
    await recordAudit(trx, actor, { action: 'create', resource: 'staff-users', resourceId: id, details: { roles: input.roles } });
    return { ...(await findStaffUser(trx, id))!, password_link: link };
  });
}

async function lockStaffUser(trx: Knex.Transaction, id: number): Promise<StaffUserRow> {
  const row = await findStaffUser(trx, id, true);
  if (!row) throw notFound('Staff user');
  return row;
}

/** Changes name and roles. The save names the version it read; a newer one wins nothing silently. */
export async function updateStaffUser(
  deps: StaffUsersDeps,
  actor: Actor,
  id: number,
  input: { display_name: string; roles: string[]; version: number },
): Promise<StaffUserRow> {
  return deps.knex.transaction(async (trx) => {
    const current = await lockStaffUser(trx, id);
    if (current.version !== input.version) {
      throw conflict(
        `${current.display_name} was changed by someone else since you opened it (version ${current.version}, yours ${input.version}). Reload to see the change, then edit again.`,
        'stale_version',
      );
    }
    const losesAdmin = current.roles.includes('admin') && !input.roles.includes('admin');
    if (losesAdmin && id === actor.staffUserId) {
      throw badRequest('You cannot remove your own admin role; ask another admin.', { roles: 'cannot remove your own admin role' });
    }
    if (losesAdmin && current.active && (await countOtherActiveAdmins(trx, id)) === 0) {
      throw badRequest('This is the last active admin; give someone else the admin role first.', { roles: 'the last active admin must keep the admin role' });
    }
    const changed: string[] = [];
    if (current.display_name !== input.display_name) changed.push('display_name');
    if ([...current.roles].sort().join() !== [...input.roles].sort().join()) changed.push('roles');
    await trx('staff_users')
      .where({ id })
      .update({ display_name: input.display_name, updated_at: deps.clock(), version: current.version + 1 });
    await replaceRoles(trx, id, input.roles);
    await recordAudit(trx, actor, {
      action: 'edit',
      resource: 'staff-users',
      resourceId: id,
      details: { changed, roles: { from: current.roles, to: input.roles } },
    });
    return (await findStaffUser(trx, id))!;
  });
}

/** Deactivates a staff member: their sessions and password links end at once. */
export async function deactivateStaffUser(deps: StaffUsersDeps, actor: Actor, id: number, reason: string): Promise<StaffUserRow> {
  return deps.knex.transaction(async (trx) => {
    const current = await lockStaffUser(trx, id);
    if (id === actor.staffUserId) throw badRequest('You cannot deactivate yourself.', { id: 'is you' }, 'cannot_deactivate_self');
    if (!current.active) throw conflict(`${current.display_name} is already deactivated.`, 'already_deactivated');
    if (current.roles.includes('admin') && (await countOtherActiveAdmins(trx, id)) === 0) {
      throw badRequest('This is the last active admin and cannot be deactivated.', { id: 'is the last active admin' });
    }
    const now = deps.clock();
    await trx('staff_users').where({ id }).update({
      active: false,
      deactivated_at: now,
      deactivated_by: actor.staffUserId,
      deactivation_reason: reason,
      updated_at: now,
      version: current.version + 1,
    });
    const sessionsEnded = await endSessionsOf(trx, id);
    await trx('password_reset_tokens').where({ staff_user_id: id }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: now });
    await recordAudit(trx, actor, { action: 'deactivate', resource: 'staff-users', resourceId: id, details: { reason, sessionsEnded } });
    return (await findStaffUser(trx, id))!;
  });
}

export async function reactivateStaffUser(deps: StaffUsersDeps, actor: Actor, id: number): Promise<StaffUserRow> {
  return deps.knex.transaction(async (trx) => {
    const current = await lockStaffUser(trx, id);
    if (current.active) throw conflict(`${current.display_name} is already active.`, 'already_active');
    await trx('staff_users').where({ id }).update({
      active: true,
      deactivated_at: null,
      deactivated_by: null,
      deactivation_reason: null,
      updated_at: deps.clock(),
      version: current.version + 1,
    });
    await recordAudit(trx, actor, { action: 'reactivate', resource: 'staff-users', resourceId: id });
    return (await findStaffUser(trx, id))!;
  });
}

/** Starts a password reset: a new one-time link, shown once; earlier links stop working. */
export async function startPasswordReset(deps: StaffUsersDeps, actor: Actor, id: number): Promise<PasswordLink> {
  return deps.knex.transaction(async (trx) => {
    const current = await lockStaffUser(trx, id);
    if (!current.active) throw conflict(`${current.display_name} is deactivated; reactivate them first.`, 'deactivated');
    const link = await issuePasswordLink(trx, deps, id, actor.staffUserId);
    await recordAudit(trx, actor, { action: 'reset-password', resource: 'staff-users', resourceId: id });
    return link;
  });
}
