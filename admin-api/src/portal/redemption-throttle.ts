import type { Knex } from '@portaldesk/db';

/** Failed redemptions one client may make in a window before it must wait. */
export const REDEMPTION_FAILURES_PER_WINDOW = 20;
export const REDEMPTION_WINDOW_MS = 15 * 60_000;

/** Seconds this client must still wait, or 0; asked before any hashing happens. */
export async function redemptionWaitSeconds(knex: Knex, clientKey: string, now: Date): Promise<number> {
  const row = await knex('redemption_throttles').first('failures', 'window_started_at').where({ client_key: clientKey });
  if (!row || row.failures < REDEMPTION_FAILURES_PER_WINDOW) return 0;
  const windowEnds = new Date(row.window_started_at).getTime() + REDEMPTION_WINDOW_MS;
  return Math.max(0, Math.ceil((windowEnds - now.getTime()) / 1000));
}

/** Counts a failure; a window older than REDEMPTION_WINDOW_MS starts over. */
export async function recordRedemptionFailure(knex: Knex, clientKey: string, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - REDEMPTION_WINDOW_MS);
  await knex.raw(
    `INSERT INTO redemption_throttles AS t (client_key, failures, window_started_at) VALUES (?, 1, ?)
     ON CONFLICT (client_key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at < ? THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at < ? THEN EXCLUDED.window_started_at ELSE t.window_started_at END`,
    [clientKey, now, windowStart, windowStart],
  );
}
