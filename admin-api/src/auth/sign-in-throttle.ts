import type { Knex } from '@portaldesk/db';
import type { Clock } from '../lib/clock.ts';
import type { SettingsStore } from '../lib/settings.ts';

export type ThrottleVerdict = { blockedForSeconds: number } | { delayMs: number };

/**
 * Failed sign-ins, counted per (username, client address). After a few failures each attempt
 * waits longer; after the maximum that pair is blocked for a while. Counting per pair means an
 * attacker elsewhere can slow down only their own guesses, never lock a colleague out.
 */
export class SignInThrottle {
  constructor(
    private readonly knex: Knex,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
  ) {}

  /** What to do before checking a password for this pair. */
  async verdict(username: string, clientAddress: string): Promise<ThrottleVerdict> {
    const row = await this.knex('sign_in_throttles')
      .first('failures', 'blocked_until', 'last_failure_at')
      .where({ username, client_address: clientAddress });
    if (!row) return { delayMs: 0 };
    const now = this.clock().getTime();
    const blockedUntil = row.blocked_until ? new Date(row.blocked_until).getTime() : 0;
    if (blockedUntil > now) return { blockedForSeconds: Math.ceil((blockedUntil - now) / 1000) };
    const { 'sign_in.slowdown_after_failures': slowAfter, 'sign_in.block_minutes': blockMinutes } = await this.settings.all();
    // Failures older than one block period are forgiven.
    if (now - new Date(row.last_failure_at).getTime() > blockMinutes * 60_000) return { delayMs: 0 };
    const excess = row.failures - slowAfter;
    return { delayMs: excess > 0 ? Math.min(250 * 2 ** excess, 4000) : 0 };
  }

  /** Counts a failure; returns seconds blocked when this one reached the maximum. */
  async recordFailure(username: string, clientAddress: string): Promise<number | null> {
    const { 'sign_in.max_failures': maxFailures, 'sign_in.block_minutes': blockMinutes } = await this.settings.all();
    const now = this.clock();
    const forgiveBefore = new Date(now.getTime() - blockMinutes * 60_000);
    const [row] = await this.knex.raw(
      `INSERT INTO sign_in_throttles AS t (username, client_address, failures, first_failure_at, last_failure_at)
         VALUES (?, ?, 1, ?, ?)
       ON CONFLICT (username, client_address) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < ? OR t.blocked_until IS NOT NULL THEN 1 ELSE t.failures + 1 END,
         first_failure_at = CASE WHEN t.last_failure_at < ? OR t.blocked_until IS NOT NULL THEN EXCLUDED.first_failure_at ELSE t.first_failure_at END,
         last_failure_at = EXCLUDED.last_failure_at,
         blocked_until = NULL
       RETURNING failures`,
      [username, clientAddress, now, now, forgiveBefore, forgiveBefore],
    ).then((result: { rows: { failures: number }[] }) => result.rows);
    if (row.failures < maxFailures) return null;
    await this.knex('sign_in_throttles')
      .where({ username, client_address: clientAddress })
      .update({ blocked_until: new Date(now.getTime() + blockMinutes * 60_000) });
    return blockMinutes * 60;
  }

  async clear(username: string, clientAddress: string): Promise<void> {
    await this.knex('sign_in_throttles').where({ username, client_address: clientAddress }).delete();
  }
}
