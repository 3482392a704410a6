import type { Knex } from '@portaldesk/db';
import type { MessageTeam } from '../message-threads/message-topics.ts';
import { likeLiteral, type SortOrder } from '../../lib/list-query.ts';
import type { SavedReplyFilter } from './saved-replies.schema.ts';

type Db = Knex | Knex.Transaction;

export interface SavedReplyRow {
  id: number;
  team: MessageTeam;
  title: string;
  body: string;
  updated_at: Date;
  updated_by_username: string | null;
  version: number;
}

function savedReplies(knex: Db) {
  return knex('saved_replies as r')
    .leftJoin('staff_users as u', 'u.id', 'r.updated_by')
    .select('r.id', 'r.team', 'r.title', 'r.body', 'r.updated_at', 'u.username as updated_by_username', 'r.version');
}

function applyFilter(query: Knex.QueryBuilder, filter: SavedReplyFilter, teams: readonly MessageTeam[]): Knex.QueryBuilder {
  query.whereIn('r.team', teams);
  if (filter.team) query.where('r.team', filter.team);
  if (filter.id) query.whereIn('r.id', filter.id);
  if (filter.q) {
    const pattern = `%${likeLiteral(filter.q)}%`;
    query.where((inner) => inner.whereRaw("r.title ILIKE ? ESCAPE '\\'", [pattern]).orWhereRaw("r.body ILIKE ? ESCAPE '\\'", [pattern]));
  }
  return query;
}

const SORT_COLUMNS: Record<string, string> = { title: 'lower(r.title)', team: 'r.team', updated_at: 'r.updated_at', id: 'r.id' };

/** A page of the saved replies of `teams`, with the total. */
export async function listSavedReplies(
  knex: Knex,
  filter: SavedReplyFilter,
  teams: readonly MessageTeam[],
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<{ rows: SavedReplyRow[]; total: number }> {
  if (!teams.length) return { rows: [], total: 0 };
  const direction = sort.order === 'ASC' ? 'ASC' : 'DESC';
  const rows: SavedReplyRow[] = await applyFilter(savedReplies(knex), filter, teams)
    .orderByRaw(`${SORT_COLUMNS[sort.field] ?? 'r.id'} ${direction}`)
    .orderBy('r.id', direction === 'ASC' ? 'asc' : 'desc')
    .offset(offset)
    .limit(limit);
  const [{ count }] = await applyFilter(knex('saved_replies as r'), filter, teams).count<{ count: number }[]>({ count: '*' });
  return { rows, total: Number(count) };
}

/** One team's saved replies, by title: what a thread of that team is offered. */
export async function listTeamSavedReplies(knex: Db, team: MessageTeam): Promise<{ id: number; title: string; body: string }[]> {
  return knex('saved_replies').select('id', 'title', 'body').where({ team }).orderByRaw('lower(title)').orderBy('id');
}

export async function findSavedReply(knex: Db, id: number, forUpdate = false): Promise<SavedReplyRow | undefined> {
  const query = savedReplies(knex).where('r.id', id).first();
  if (forUpdate) query.forUpdate('r');
  return query;
}

/** The saved reply of `team` titled `title` whatever its case, if any. */
export async function findSavedReplyTitled(knex: Db, team: MessageTeam, title: string): Promise<{ id: number; title: string } | undefined> {
  return knex('saved_replies').first('id', 'title').where({ team }).whereRaw('lower(title) = lower(?)', [title]);
}

/** Adds a saved reply; undefined when its team has one of that title already (the unique key decides, so concurrent adds give one row). */
export async function insertSavedReply(
  trx: Knex.Transaction,
  reply: { team: MessageTeam; title: string; body: string },
  by: number | null,
  now: Date,
): Promise<number | undefined> {
  const { rows } = await trx.raw<{ rows: { id: number }[] }>(
    `INSERT INTO saved_replies (team, title, body, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team, lower(title)) DO NOTHING
     RETURNING id`,
    [reply.team, reply.title, reply.body, now, by, now, by],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}

/** Changes a saved reply and steps its version. */
export async function updateSavedReply(
  trx: Knex.Transaction,
  id: number,
  reply: { team: MessageTeam; title: string; body: string },
  by: number | null,
  now: Date,
): Promise<void> {
  await trx('saved_replies')
    .where({ id })
    .update({ ...reply, updated_at: now, updated_by: by, version: trx.raw('version + 1') });
}

/** Removes a saved reply; messages sent from it keep their text and lose the link. */
export async function deleteSavedReply(trx: Knex.Transaction, id: number): Promise<void> {
  await trx('saved_replies').where({ id }).delete();
}
