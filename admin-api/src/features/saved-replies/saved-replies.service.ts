import type { Knex } from '@portaldesk/db';
import { can, messageTopicsFor } from '../../auth/policy.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError, UNIQUE_VIOLATION, conflict, notFound } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import { MESSAGE_TEAMS, TEAMS, type MessageTeam } from '../message-threads/message-topics.ts';
import {
  deleteSavedReply,
  findSavedReply,
  findSavedReplyTitled,
  insertSavedReply,
  listSavedReplies,
  updateSavedReply,
  type SavedReplyRow,
} from './saved-replies.repo.ts';
import type { SavedReplyBody, SavedReplyFilter, SavedReplyUpdateBody } from './saved-replies.schema.ts';

export interface SavedReplyDeps {
  knex: Knex;
  clock: Clock;
}

const NOT_FOUND = () => notFound('Saved reply');

/**
 * The teams whose saved replies `roles` may read: every team for those who keep them, else the
 * teams whose queues the caller reads (each team its own; the privacy office every team's).
 */
export function savedReplyTeamsFor(roles: readonly string[]): MessageTeam[] {
  if (can(roles, 'edit', 'saved-replies')) return [...TEAMS];
  return [...new Set(messageTopicsFor(roles, 'read').map((topic) => MESSAGE_TEAMS[topic]))];
}

/** The refusal of a title the team has already (whatever its case), naming that reply. */
async function titleTaken(knex: Knex, team: MessageTeam, title: string): Promise<AppError> {
  const holder = await findSavedReplyTitled(knex, team, title);
  const other = holder?.title ?? title;
  return new AppError(409, 'title_taken', `The ${team} team has a saved reply titled “${other}” already. Choose another title, or change that one.`, {
    title: `is already taken by “${other}” in the ${team} team`,
  });
}

/** The saved replies of the caller's teams (all teams for admins). */
export async function browseSavedReplies(deps: SavedReplyDeps, actor: Actor, list: ListQuery<SavedReplyFilter>) {
  const result = await listSavedReplies(deps.knex, list.filter, savedReplyTeamsFor(actor.roles), list.sort, list.offset, list.limit);
  await recordAudit(deps.knex, actor, { action: 'list', resource: 'saved-replies', details: { criteria: list.filter } });
  return result;
}

export async function showSavedReply(deps: SavedReplyDeps, actor: Actor, id: number): Promise<SavedReplyRow> {
  const row = await findSavedReply(deps.knex, id);
  if (!row || !savedReplyTeamsFor(actor.roles).includes(row.team)) throw NOT_FOUND();
  await recordAudit(deps.knex, actor, { action: 'show', resource: 'saved-replies', resourceId: id });
  return row;
}

/** Adds a saved reply to a team; its title is the team's only one of that name, whatever its case. */
export async function createSavedReply(deps: SavedReplyDeps, actor: Actor, body: SavedReplyBody): Promise<SavedReplyRow> {
  const created = await deps.knex.transaction(async (trx) => {
    const id = await insertSavedReply(trx, body, actor.staffUserId, deps.clock());
    if (id === undefined) return undefined;
    await recordAudit(trx, actor, { action: 'create', resource: 'saved-replies', resourceId: id, details: { team: body.team, title: body.title } });
    return (await findSavedReply(trx, id))!;
  });
  if (!created) throw await titleTaken(deps.knex, body.team, body.title);
  return created;
}

/** The refusal of a change or removal written against an older version, with the reply as it is now. */
const staleVersion = (current: SavedReplyRow) =>
  conflict(
    `“${current.title}” was changed by ${current.updated_by_username ?? 'someone else'} since you opened it. Reload to see the change.`,
    'stale_version',
    {
      current,
    },
  );

/** Changes a saved reply if it is still at the version the admin read. */
export async function changeSavedReply(deps: SavedReplyDeps, actor: Actor, id: number, body: SavedReplyUpdateBody): Promise<SavedReplyRow> {
  const { version, ...reply } = body;
  try {
    return await deps.knex.transaction(async (trx) => {
      const current = await findSavedReply(trx, id, true);
      if (!current) throw NOT_FOUND();
      if (current.version !== version) throw staleVersion(current);
      await updateSavedReply(trx, id, reply, actor.staffUserId, deps.clock());
      const changed = (['team', 'title', 'body'] as const).filter((field) => current[field] !== reply[field]);
      await recordAudit(trx, actor, { action: 'edit', resource: 'saved-replies', resourceId: id, details: { changed, team: reply.team, title: reply.title } });
      return (await findSavedReply(trx, id))!;
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw await titleTaken(deps.knex, reply.team, reply.title);
    throw error;
  }
}

/**
 * Removes a saved reply if it is still at the version the admin read (a change saved meanwhile is
 * not deleted unseen); replies sent from it keep their words and lose only the link.
 */
export async function removeSavedReply(deps: SavedReplyDeps, actor: Actor, id: number, version: number): Promise<SavedReplyRow> {
  return deps.knex.transaction(async (trx) => {
    const current = await findSavedReply(trx, id, true);
    if (!current) throw NOT_FOUND();
    if (current.version !== version) throw staleVersion(current);
    await deleteSavedReply(trx, id);
    await recordAudit(trx, actor, { action: 'delete', resource: 'saved-replies', resourceId: id, details: { team: current.team, title: current.title } });
    return current;
  });
}
