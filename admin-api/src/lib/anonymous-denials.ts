import { isIPv6 } from 'node:net';
import type { Logger } from 'pino';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor, type AuditEntry } from './audit.ts';
import type { Clock } from './clock.ts';

/** How long one client's anonymous denials are gathered into a single audit row. */
const WINDOW_MS = 60_000;
/**
 * Rows written at once per window, all clients together; beyond this, and beyond MAX_CLIENTS
 * tracked clients, denials go to one shared overflow tally. An attacker with many addresses
 * still adds at most this many rows a minute, plus the tallies.
 */
const MAX_IMMEDIATE_ROWS = 100;
const MAX_CLIENTS = 10_000;
const OVERFLOW = 'many clients';

/**
 * Who a denial is tallied under: an IPv4 address, or the /64 network of an IPv6 one (a single
 * host is given a whole /64 and can pick any address in it).
 */
export function clientOf(address: string | null): string {
  if (!address) return 'unknown';
  if (!isIPv6(address) || address.startsWith('::ffff:')) return address;
  // Expand `::` to the zero groups it stands for, then keep the first four groups.
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

interface Window {
  firstAt: Date;
  count: number;
  routes: Map<string, number>;
  timer: NodeJS.Timeout;
}

/**
 * Denied requests that carry no session. They are kept in the audit trail (probing is worth
 * knowing about) without letting anyone fill it: the first denial of a client in a minute is
 * written at once, the rest are counted and written as one row when the minute ends. Requests
 * with a session are always audited one by one: they name a staff member and are few.
 *
 * The tally lives in this instance's memory; each instance writes its own rows, and `flush`
 * writes what is pending at shutdown.
 */
export class AnonymousDenials {
  private readonly windows = new Map<string, Window>();
  private immediateRows = 0;
  private immediateSince = 0;

  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async record(actor: Actor, entry: AuditEntry & { details: { method: string; route: string } }): Promise<void> {
    let client = clientOf(actor.clientAddress);
    const now = Date.now();
    if (now - this.immediateSince >= WINDOW_MS) [this.immediateRows, this.immediateSince] = [0, now];
    if (!this.windows.has(client) && (this.windows.size >= MAX_CLIENTS || this.immediateRows >= MAX_IMMEDIATE_ROWS)) client = OVERFLOW;
    const open = this.windows.get(client);
    const route = `${entry.details.method} ${entry.details.route}`;
    if (open) {
      open.count += 1;
      open.routes.set(route, (open.routes.get(route) ?? 0) + 1);
      return;
    }
    const timer = setTimeout(() => {
      this.close(client).catch((error: Error) => this.logger.error({ err: { type: error.name } }, 'could not write the tally of anonymous denials'));
    }, WINDOW_MS);
    timer.unref();
    this.windows.set(client, { firstAt: this.clock(), count: 0, routes: new Map(), timer });
    if (client === OVERFLOW) {
      // The overflow tally is opened by this denial, which is counted in it rather than written.
      this.windows.get(client)!.count = 1;
      this.windows.get(client)!.routes.set(route, 1);
      return;
    }
    this.immediateRows += 1;
    await recordAudit(this.knex, actor, entry);
  }

  /** Writes every pending tally now (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.windows.keys()].map((client) => this.close(client)));
  }

  private async close(client: string): Promise<void> {
    const window = this.windows.get(client);
    if (!window) return;
    this.windows.delete(client);
    clearTimeout(window.timer);
    if (window.count === 0) return;
    const actor: Actor = {
      staffUserId: null,
      username: null,
      roles: [],
      // inet takes a network too: a /64 is stored as one.
      clientAddress: client === OVERFLOW ? null : client,
      requestId: 'aggregated',
      clock: this.clock,
    };
    await recordAudit(this.knex, actor, {
      action: 'access',
      resource: 'api',
      outcome: 'denied',
      details: {
        anonymous_denials: window.count,
        since: window.firstAt.toISOString(),
        routes: Object.fromEntries(window.routes),
        ...(client === OVERFLOW ? { clients: 'too many to tally one by one' } : {}),
      },
    });
  }
}
