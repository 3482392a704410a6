import session from 'express-session';
import type { Knex } from '@portaldesk/db';

type Callback<T = void> = (error?: unknown, value?: T) => void;

/**
 * express-session's store on PostgreSQL, in the staff_sessions table. The staff user's id is a
 * column so that deactivation can end all of their sessions at once.
 */
export class PgSessionStore extends session.Store {
  constructor(
    private readonly knex: Knex,
    private readonly fallbackLifetimeMs: number,
  ) {
    super();
  }

  override get(sid: string, callback: Callback<session.SessionData | null>): void {
    this.knex('staff_sessions')
      .first('data')
      .where({ sid })
      .andWhere('expires_at', '>', this.knex.fn.now())
      .then((row?: { data: session.SessionData }) => callback(null, row?.data ?? null), callback);
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const expires = data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + this.fallbackLifetimeMs);
    this.knex('staff_sessions')
      .insert({ sid, data: JSON.stringify(data), staff_user_id: data.passport?.user ?? null, expires_at: expires })
      .onConflict('sid')
      .merge()
      .then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  override destroy(sid: string, callback?: Callback): void {
    this.knex('staff_sessions')
      .where({ sid })
      .delete()
      .then(() => callback?.(), (error: unknown) => callback?.(error));
  }

  /** Idle time is tracked in the session itself (see session-guard), so touching is a no-op. */
  override touch(_sid: string, _data: session.SessionData, callback?: Callback): void {
    callback?.();
  }

  /** Deletes sessions past their expiry; run now and then, never on a request's path. */
  async prune(): Promise<number> {
    return this.knex('staff_sessions').where('expires_at', '<=', this.knex.fn.now()).delete();
  }
}

/** Ends every session of a staff member (deactivation, password change), optionally sparing one. */
export async function endSessionsOf(db: Knex | Knex.Transaction, staffUserId: number, exceptSid?: string): Promise<number> {
  const query = db('staff_sessions').where({ staff_user_id: staffUserId });
  if (exceptSid) query.andWhereNot({ sid: exceptSid });
  return query.delete();
}
