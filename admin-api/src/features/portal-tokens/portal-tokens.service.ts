import { randomBytes } from 'node:crypto';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { hashToken } from '../../lib/token-hash.ts';

export interface PortalTokenRow {
  id: number;
  name: string;
  created_at: Date;
  created_by_username: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

function tokensQuery(knex: Knex) {
  return knex('portal_tokens as t')
    .leftJoin('staff_users as s', 's.id', 't.created_by')
    .select('t.id', 't.name', 't.created_at', 's.username as created_by_username', 't.last_used_at', 't.revoked_at');
}

export async function listPortalTokens(knex: Knex): Promise<PortalTokenRow[]> {
  return tokensQuery(knex).orderBy('t.created_at', 'desc');
}

/** Creates a token and answers it once; only its hash is kept. */
export async function createPortalToken(knex: Knex, actor: Actor, name: string) {
  const token = `pdt_${randomBytes(32).toString('base64url')}`;
  return knex.transaction(async (trx) => {
    const [{ id }] = await trx('portal_tokens')
      .insert({ name, token_hash: hashToken(token), created_by: actor.staffUserId, created_at: actor.clock() })
      .returning('id');
    await recordAudit(trx, actor, { action: 'create', resource: 'portal-tokens', resourceId: id, details: { name } });
    const row = await tokensQuery(trx as unknown as Knex)
      .where('t.id', id)
      .first();
    return { ...row, token };
  });
}

/**
 * Revokes a token at once; the portal's next call with it is refused. Revoking it again changes
 * nothing: the record keeps who revoked it first, and when.
 */
export async function revokePortalToken(knex: Knex, actor: Actor, id: number): Promise<PortalTokenRow> {
  return knex.transaction(async (trx) => {
    const current = await trx('portal_tokens').first('id', 'revoked_at').where({ id }).forUpdate();
    if (!current) throw notFound('Portal token');
    if (!current.revoked_at) {
      await trx('portal_tokens').where({ id }).update({ revoked_at: actor.clock(), revoked_by: actor.staffUserId });
      await recordAudit(trx, actor, { action: 'revoke', resource: 'portal-tokens', resourceId: id });
    }
    return tokensQuery(trx as unknown as Knex)
      .where('t.id', id)
      .first();
  });
}

/** The live token matching `token`, noting its use; undefined when unknown or revoked. */
export async function authenticatePortalToken(knex: Knex, token: string, now: Date): Promise<{ id: number; name: string } | undefined> {
  const [row] = await knex('portal_tokens')
    .where({ token_hash: hashToken(token) })
    .whereNull('revoked_at')
    .update({ last_used_at: now })
    .returning(['id', 'name']);
  return row;
}
