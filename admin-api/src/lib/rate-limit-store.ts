import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Knex } from '@portaldesk/db';
import type { Clock } from './clock.ts';

/**
 * express-rate-limit's counters in PostgreSQL, so that every API instance counts the same hits.
 * Each increment is one statement (a hit either opens a new window or counts in the current
 * one), so concurrent requests never read a stale count. Written here rather than taken from a
 * package: the one on the registry creates its own schema at run time, which the API's database
 * role may not (see db/src/roles.ts).
 */
export class PgRateLimitStore implements Store {
  readonly localKeys = false;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    /** Names the limit, so limits with equal client keys keep apart. */
    readonly prefix: string,
    /** The window's length; express-rate-limit sets its own through init(). */
    private windowMs = 60_000,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.knex('rate_limit_counters')
      .first('hits', 'window_ends_at')
      .where({ key: this.prefix + key })
      .where('window_ends_at', '>', this.clock());
    return row && { totalHits: row.hits, resetTime: row.window_ends_at };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = this.clock();
    const {
      rows: [row],
    } = await this.knex.raw<{ rows: { hits: number; window_ends_at: Date }[] }>(
      `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at) VALUES (:key, 1, :windowEnds)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= :now THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= :now THEN EXCLUDED.window_ends_at ELSE c.window_ends_at END
       RETURNING hits, window_ends_at`,
      { key: this.prefix + key, now, windowEnds: new Date(now.getTime() + this.windowMs) },
    );
    return { totalHits: row.hits, resetTime: row.window_ends_at };
  }

  async decrement(key: string): Promise<void> {
    await this.knex('rate_limit_counters')
      .where({ key: this.prefix + key })
      .where('window_ends_at', '>', this.clock())
      .where('hits', '>', 0)
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.knex('rate_limit_counters')
      .where({ key: this.prefix + key })
      .delete();
  }
}

/** Deletes the counters of windows that have ended. */
export async function pruneRateLimitCounters(knex: Knex, now: Date): Promise<number> {
  return knex('rate_limit_counters').where('window_ends_at', '<=', now).delete();
}
