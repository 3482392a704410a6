import type { Knex } from '@portaldesk/db';
import { endSessionsOf } from '../../auth/session-store.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { roleCombinationProblem, type Role } from '../../auth/policy.ts';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors.ts';
import type { SettingsStore } from '../../lib/settings.ts';
import { issuePasswordLink, type PasswordLink } from '../password-resets/password-resets.service.ts';
import { countOtherActiveAdmins, findStaffUser, insertStaffUser, lockAdminRoster, replaceRoles, type StaffUserRow } from './staff-users.repo.ts';

export interface StaffUsersDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  publicUrl: string;
}

const usernameTaken = () => new AppError(409, 'username_taken', 'That username is already taken.', { username: 'is already taken: choose another' });

/**
 * A role change the rules refuse: one's own roles, or admin beside a role that reads patient
 * data. Caught outside the transaction (which it rolls back) and audited where the privacy
 * office reads role changes: an attempt matters as much as a grant.
 */
class RoleChangeRefused extends AppError {
  constructor(
    status: number,
    code: 'own_roles' | 'roles_not_allowed_together',
    message: string,
    fieldMessage: string,
    readonly from: readonly string[],
  ) {
    super(status, code, message, { roles: fieldMessage });
  }
}

const ownRolesRefused = (from: readonly string[]) =>
  new RoleChangeRefused(403, 'own_roles', 'Nobody can change their own roles; ask another administrator.', 'cannot be changed on your own account', from);

/** Refuses a role set one person may not hold (see roleCombinationProblem), naming why. */
function checkRoleCombination(from: readonly string[], roles: Role[]): void {
  const problem = roleCombinationProblem(roles);
  if (problem) throw new RoleChangeRefused(400, 'roles_not_allowed_together', `Roles not allowed together: ${problem}.`, problem, from);
}

/** Runs a role change; a refusal by the rules is audited (as a grant or a removal) and rethrown. */
async function refusalsAudited<T>(deps: StaffUsersDeps, actor: Actor, staffUserId: number | null, to: readonly string[], change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof RoleChangeRefused) {
      const adds = to.some((role) => !error.from.includes(role));
      await recordAudit(deps.knex, actor, {
        action: adds ? 'grant-role' : 'remove-role',
        resource: 'staff-users',
        resourceId: staffUserId,
        outcome: 'denied',
        details: { reason: error.code, roles: { from: error.from, to } },
      });
    }
    throw error;
  }
}

/** One audit row per role granted or removed: the privacy office's role-change report reads them. */
async function auditRoleChanges(trx: Knex.Transaction, actor: Actor, staffUserId: number, from: readonly string[], to: readonly string[]) {
  for (const role of to.filter((r) => !from.includes(r))) {
    await recordAudit(trx, actor, { action: 'grant-role', resource: 'staff-users', resourceId: staffUserId, details: { role } });
  }
  for (const role of from.filter((r) => !to.includes(r))) {
    await recordAudit(trx, actor, { action: 'remove-role', resource: 'staff-users', resourceId: staffUserId, details: { role } });
  }
}

/**
 * Creates a staff member without a password: the answer carries a one-time link, shown once,
 * through which they choose their own. An admin never sets or sees a password.
 */
export async function createStaffUser(
  deps: StaffUsersDeps,
  actor: Actor,
  input: { username: string; display_name: string; roles: Role[] },
): Promise<StaffUserRow & { password_link: PasswordLink }> {
  await refusalsAudited(deps, actor, null, input.roles, async () => checkRoleCombination([], input.roles));
  // Read before the transaction: nothing inside it may wait for another pool connection.
  const hours = await deps.settings.get('password_reset.link_hours');
  return deps.knex.transaction(async (trx) => {
    const id = await insertStaffUser(trx, input, actor.staffUserId, deps.clock());
    if (!id) throw usernameTaken();
    const link = await issuePasswordLink(trx, deps, { staffUserId: id, createdBy: actor.staffUserId, hours });
    await recordAudit(trx, actor, { action: 'create', resource: 'staff-users', resourceId: id, details: { roles: input.roles } });
    await auditRoleChanges(trx, actor, id, [], input.roles);
    return { ...(await findStaffUser(trx, id))!, password_link: link };
  });
}

async function lockStaffUser(trx: Knex.Transaction, id: number): Promise<StaffUserRow> {
  const row = await findStaffUser(trx, id, true);
  if (!row) throw notFound('Staff user');
  return row;
}

const sameRoles = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/**
 * Changes name and roles. The save names the version it read; a newer one wins nothing silently.
 * Nobody changes their own roles (not even an admin: that would be granting oneself access), and
 * every grant or removal is audited on its own.
 */
export async function updateStaffUser(
  deps: StaffUsersDeps,
  actor: Actor,
  id: number,
  input: { display_name: string; roles: Role[]; version: number },
): Promise<StaffUserRow> {
  return refusalsAudited(deps, actor, id, input.roles, () =>
    deps.knex.transaction(async (trx) => {
      await lockAdminRoster(trx);
      const current = await lockStaffUser(trx, id);
      if (current.version !== input.version) {
        throw conflict(
          `${current.display_name} was changed by someone else since you opened it (version ${current.version}, yours ${input.version}). Reload to see the change, then edit again.`,
          'stale_version',
        );
      }
      if (id === actor.staffUserId && !sameRoles(current.roles, input.roles)) throw ownRolesRefused(current.roles);
      checkRoleCombination(current.roles, input.roles);
      const losesAdmin = current.roles.includes('admin') && !input.roles.includes('admin');
      if (losesAdmin && current.active && (await countOtherActiveAdmins(trx, id)) === 0) {
        throw badRequest('This is the last active admin; give someone else the admin role first.', { roles: 'the last active admin must keep the admin role' });
      }
      const changed: string[] = [];
      if (current.display_name !== input.display_name) changed.push('display_name');
      if (!sameRoles(current.roles, input.roles)) changed.push('roles');
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
      await auditRoleChanges(trx, actor, id, current.roles, input.roles);
      return (await findStaffUser(trx, id))!;
    }),
  );
}

/** Deactivates a staff member: their sessions and password links end at once. */
export async function deactivateStaffUser(deps: StaffUsersDeps, actor: Actor, id: number, reason: string): Promise<StaffUserRow> {
  return deps.knex.transaction(async (trx) => {
    await lockAdminRoster(trx);
    const current = await lockStaffUser(trx, id);
    if (id === actor.staffUserId) throw badRequest('You cannot deactivate yourself.', { id: 'is you' }, 'cannot_deactivate_self');
    if (!current.active) throw conflict(`${current.display_name} is already deactivated.`, 'already_deactivated');
    if (current.roles.includes('admin') && (await countOtherActiveAdmins(trx, id)) === 0) {
      throw badRequest('This is the last active admin and cannot be deactivated.', { id: 'is the last active admin' });
    }
    const now = deps.clock();
    await trx('staff_users')
      .where({ id })
      .update({
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
    await trx('staff_users')
      .where({ id })
      .update({
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
  const hours = await deps.settings.get('password_reset.link_hours');
  return deps.knex.transaction(async (trx) => {
    const current = await lockStaffUser(trx, id);
    if (!current.active) throw conflict(`${current.display_name} is deactivated; reactivate them first.`, 'deactivated');
    const link = await issuePasswordLink(trx, deps, { staffUserId: id, createdBy: actor.staffUserId, hours });
    await recordAudit(trx, actor, { action: 'reset-password', resource: 'staff-users', resourceId: id });
    return link;
  });
}
