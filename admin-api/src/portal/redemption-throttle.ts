import type { Knex } from '@portaldesk/db';

/** Redemption attempts one device may make in a window before it must wait. */
export const REDEMPTION_FAILURES_PER_WINDOW = 20;
export const REDEMPTION_WINDOW_MS = 15 * 60_000;

/**
 * Counts this attempt against the device before anything is checked, in one statement, so
 * concurrent attempts each take their own place and none slips past the limit. Answers the
 * seconds the device must still wait (the attempt is then refused unchecked), or 0. The counts
 * live in PostgreSQL, so every API instance shares them.
 */
export async function reserveRedemptionAttempt(knex: Knex, device: string, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - REDEMPTION_WINDOW_MS);
  const {
    rows: [row],
  } = await knex.raw<{ rows: { failures: number; window_started_at: Date }[] }>(
    `INSERT INTO redemption_throttles AS t (client_key, failures, window_started_at) VALUES (:device, 1, :now)
     ON CONFLICT (client_key) DO UPDATE SET
       failures = CASE WHEN t.window_started_at < :windowStart THEN 1 ELSE t.failures + 1 END,
       window_started_at = CASE WHEN t.window_started_at < :windowStart THEN :now ELSE t.window_started_at END
     RETURNING failures, window_started_at`,
    { device, now, windowStart },
  );
  if (row.failures <= REDEMPTION_FAILURES_PER_WINDOW) return 0;
  const windowEnds = row.window_started_at.getTime() + REDEMPTION_WINDOW_MS;
  return Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
}

/** A successful redemption (or a taken username) is not held against the device. */
export async function refundRedemptionAttempt(knex: Knex, device: string): Promise<void> {
  await knex('redemption_throttles').where({ client_key: device }).where('failures', '>', 0).decrement('failures', 1);
}

/** Deletes the counts of windows that have ended. */
export async function pruneRedemptionThrottles(knex: Knex, now: Date): Promise<number> {
  return knex('redemption_throttles')
    .where('window_started_at', '<', new Date(now.getTime() - REDEMPTION_WINDOW_MS))
    .delete();
}
