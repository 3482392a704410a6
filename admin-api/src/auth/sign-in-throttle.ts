import type { Knex } from '@portaldesk/db';
import type { Clock } from '../lib/clock.ts';
import type { SettingsStore } from '../lib/settings.ts';

/** A sign-in attempt's place in its pair's count, taken before the password is checked. */
export type Reservation =
  | { blockedForSeconds: number }
  /** Every allowed attempt is taken by others still being checked; the block, if any, follows from them. */
  | { busyForSeconds: number }
  | { account: string; clientAddress: string; attempt: number; delayMs: number };

/** How long a client is told to wait while the pair's last allowed attempts are being checked. */
const BUSY_SECONDS = 5;

/** Longest wait added before a password check once a pair keeps failing. */
const MAX_DELAY_MS = 4_000;

/**
 * Failed sign-ins, counted per (account, client address). After a few failures each attempt
 * waits longer; after the maximum that pair is blocked for a while. Counting per pair means an
 * attacker elsewhere can slow down only their own guesses, never lock a colleague out.
 *
 * Every attempt is counted before its password is checked, in one statement: concurrent
 * attempts each get their own number, so a burst can never check more passwords than the limit,
 * and a blocked pair is refused without any hashing. An attempt numbered past the limit is
 * refused unchecked but blocks nothing by itself: the block comes from a checked password that
 * failed, so several correct sign-ins at once cannot lock their own account out. A success
 * clears the pair's count. The counts live in PostgreSQL, so every API instance enforces the
 * same limit.
 */
export class SignInThrottle {
  constructor(
    private readonly knex: Knex,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
  ) {}

  /** Counts this attempt, or answers how long the pair is still blocked. */
  async reserve(account: string, clientAddress: string): Promise<Reservation> {
    const settings = await this.settings.all();
    const maxFailures = settings['sign_in.max_failures'];
    const blockMs = settings['sign_in.block_minutes'] * 60_000;
    const now = this.clock();
    const forgiveBefore = new Date(now.getTime() - blockMs);
    // While blocked, nothing changes: another attempt neither lifts nor shortens the block. A
    // block that has run out, or failures older than one block period, start the count over.
    const {
      rows: [row],
    } = await this.knex.raw<{ rows: { failures: number; blocked_until: Date | null }[] }>(
      `INSERT INTO sign_in_throttles AS t (username, client_address, failures, first_failure_at, last_failure_at)
         VALUES (:account, :clientAddress, 1, :now, :now)
       ON CONFLICT (username, client_address) DO UPDATE SET
         failures = CASE WHEN t.blocked_until > :now THEN t.failures
                         WHEN t.blocked_until IS NOT NULL OR t.last_failure_at < :forgiveBefore THEN 1
                         ELSE t.failures + 1 END,
         first_failure_at = CASE WHEN t.blocked_until > :now THEN t.first_failure_at
                                 WHEN t.blocked_until IS NOT NULL OR t.last_failure_at < :forgiveBefore THEN :now
                                 ELSE t.first_failure_at END,
         last_failure_at = CASE WHEN t.blocked_until > :now THEN t.last_failure_at ELSE :now END,
         blocked_until = CASE WHEN t.blocked_until > :now THEN t.blocked_until END
       RETURNING failures, blocked_until`,
      { account, clientAddress, now, forgiveBefore },
    );
    if (row.blocked_until && row.blocked_until.getTime() > now.getTime()) return { blockedForSeconds: secondsUntil(row.blocked_until, now) };
    if (row.failures > maxFailures) return { busyForSeconds: BUSY_SECONDS };
    const earlierFailures = row.failures - 1;
    const excess = earlierFailures - settings['sign_in.slowdown_after_failures'];
    return { account, clientAddress, attempt: row.failures, delayMs: excess > 0 ? Math.min(250 * 2 ** excess, MAX_DELAY_MS) : 0 };
  }

  /** The reserved attempt failed; answers seconds blocked when it was the last one allowed. */
  async failed(reservation: Extract<Reservation, { attempt: number }>): Promise<number | null> {
    const settings = await this.settings.all();
    if (reservation.attempt < settings['sign_in.max_failures']) return null;
    return this.block(reservation.account, reservation.clientAddress, this.clock(), settings['sign_in.block_minutes'] * 60_000);
  }

  /** The reserved attempt succeeded: the pair starts afresh. */
  async succeeded(reservation: Extract<Reservation, { attempt: number }>): Promise<void> {
    await this.knex('sign_in_throttles').where({ username: reservation.account, client_address: reservation.clientAddress }).delete();
  }

  /** Blocks the pair from now, unless it is blocked already (a block is never moved). */
  private async block(account: string, clientAddress: string, now: Date, blockMs: number): Promise<number> {
    const {
      rows: [row],
    } = await this.knex.raw<{ rows: { blocked_until: Date }[] }>(
      `UPDATE sign_in_throttles
          SET blocked_until = CASE WHEN blocked_until > :now THEN blocked_until ELSE :until END
        WHERE username = :account AND client_address = :clientAddress
       RETURNING blocked_until`,
      { account, clientAddress, now, until: new Date(now.getTime() + blockMs) },
    );
    return secondsUntil(row?.blocked_until ?? new Date(now.getTime() + blockMs), now);
  }

  /** Deletes counts that no longer matter: forgiven failures and blocks that have run out. */
  async prune(): Promise<number> {
    const now = this.clock();
    const forgiveBefore = new Date(now.getTime() - (await this.settings.get('sign_in.block_minutes')) * 60_000);
    return this.knex('sign_in_throttles')
      .where('last_failure_at', '<', forgiveBefore)
      .andWhere((query) => query.whereNull('blocked_until').orWhere('blocked_until', '<=', now))
      .delete();
  }
}

const secondsUntil = (until: Date, now: Date) => Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
