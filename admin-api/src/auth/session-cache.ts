import pg from 'pg';
import type { Knex } from '@portaldesk/db';
import type { Logger } from 'pino';
import type session from 'express-session';

/** The channel the database announces staff access changes on (migration 20261207090000). */
export const STAFF_ACCESS_CHANNEL = 'portaldesk_staff_access';
const RECONNECT_DELAYS_MS = [100, 500, 1_000, 5_000];

interface Entry {
  data: session.SessionData;
  staffUserId: number | null;
  expiresAt: number;
  cachedAt: number;
}

/** Every cache of this process, so a change made here is forgotten here before its response leaves. */
const cachesInThisProcess = new Set<SessionCache>();

/**
 * Forgets a staff member's sessions in every cache of this process once the change is stored:
 * when `db`'s transaction commits, else now (call it after the statement). The database tells
 * the other instances at the same moment; this closes the gap before that notification arrives
 * for requests answered here.
 */
export function forgetStaffSessionsHere(staffUserId: number, db?: Knex | Knex.Transaction): void {
  const forget = () => cachesInThisProcess.forEach((cache) => cache.forgetStaff(staffUserId));
  if (db && 'executionPromise' in db) db.executionPromise.then(forget, () => undefined);
  else forget();
}

export interface SessionCacheOptions {
  /** A direct connection to PostgreSQL (LISTEN does not pass through PgBouncer in transaction mode). */
  connectionString: string;
  /** How long a session read is reused at most, even when no change is announced. */
  maxAgeMs: number;
  maxEntries?: number;
  logger: Logger;
}

/**
 * Sessions read from PostgreSQL, reused for a few seconds so a request costs no session read
 * (issue 14: the read was a third of a search's statements). Correct only while it hears every
 * change: it LISTENs on the staff-access channel on a connection of its own, serves nothing
 * until that connection listens, and forgets everything when it drops. A session's own expiry
 * is checked on every use; idle and absolute limits are checked by the session guard as before.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private client: pg.Client | undefined;
  private listening = false;
  /** Steps at every forgetting: a read that started before one may hold what was forgotten. */
  private invalidations = 0;
  private failures = 0;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SessionCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
    cachesInThisProcess.add(this);
    void this.listen();
  }

  /** The session as last read, when still trustworthy; `now` is the app's clock, for expiry. */
  get(sid: string, now: Date): session.SessionData | undefined {
    const entry = this.entries.get(sid);
    if (!entry) return undefined;
    const fresh = this.listening && performance.now() - entry.cachedAt < this.options.maxAgeMs;
    if (!fresh || entry.expiresAt <= now.getTime()) {
      this.entries.delete(sid);
      return undefined;
    }
    // express-session and passport change the session object they are given.
    return structuredClone(entry.data);
  }

  /** Call before reading a session from the database; hand the answer to `put` with the row. */
  readStarts(): number {
    return this.invalidations;
  }

  /**
   * Keeps a session read from the database, unless anything was forgotten (or the connection
   * dropped) since that read started: the row may predate the change that was announced.
   */
  put(sid: string, data: session.SessionData, staffUserId: number | null, expiresAt: Date, readStartedAt: number): void {
    if (!this.listening || readStartedAt !== this.invalidations) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(sid, {
      data: structuredClone(data),
      staffUserId,
      expiresAt: expiresAt.getTime(),
      cachedAt: performance.now(),
    });
  }

  forget(sid: string): void {
    this.invalidations += 1;
    this.entries.delete(sid);
  }

  forgetStaff(staffUserId: number): void {
    this.invalidations += 1;
    for (const [sid, entry] of this.entries) if (entry.staffUserId === staffUserId) this.entries.delete(sid);
  }

  private clear(): void {
    this.invalidations += 1;
    this.entries.clear();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    cachesInThisProcess.delete(this);
    clearTimeout(this.reconnectTimer);
    this.lost();
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: 'portaldesk-session-cache' });
    this.client = client;
    client.on('notification', ({ payload }) => {
      const staffUserId = Number(payload);
      if (Number.isInteger(staffUserId)) this.forgetStaff(staffUserId);
      else this.clear();
    });
    client.on('error', () => this.retry(client));
    client.on('end', () => this.retry(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${STAFF_ACCESS_CHANNEL}`);
      if (this.stopped) return;
      this.listening = true;
      if (this.failures > 0) this.options.logger.info('session cache listening again');
      this.failures = 0;
    } catch {
      this.retry(client);
    }
  }

  /** Serves nothing from the moment the connection is in doubt, and listens again after a pause. */
  private retry(client: pg.Client): void {
    if (client !== this.client) return;
    this.lost();
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    if (this.failures === 0) this.options.logger.warn('session cache lost its database connection: reading every session until it listens again');
    const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)];
    this.failures += 1;
    this.reconnectTimer = setTimeout(() => void this.listen(), delay).unref();
  }

  private lost(): void {
    this.listening = false;
    this.clear();
  }
}
