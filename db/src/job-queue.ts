import type { Knex } from 'knex';
import PgBoss from 'pg-boss';

/**
 * The job queue's storage: pg-boss keeps its jobs in a schema of its own, installed and upgraded
 * by the schema owner with the migrations (the API's role may only read and write its rows, as
 * with every other table), and our queues with their retry policies are declared here, beside
 * the tables, because they are created with the owner's rights too.
 */
export const JOB_SCHEMA = 'pgboss';

export interface JobQueueDefinition {
  name: string;
  /** What the job does, for the admins' Jobs page. */
  description: string;
  /** `short`: at most one job waits per singleton key (a second request for the same work is dropped). */
  policy: 'standard' | 'short';
  /** Attempts after the first before the job is left failed, for an admin to see and retry. */
  retryLimit: number;
  /** Seconds before the first retry; with backoff, doubled (with jitter) each time. */
  retryDelay: number;
  retryBackoff: boolean;
  /** An attempt still running after this long is taken as lost (a crashed instance) and retried. */
  expireInSeconds: number;
}

export const JOB_QUEUES = [
  {
    name: 'send-message',
    description: 'Sends one message to a patient (a password-reset link, an account notice) from the outbox',
    policy: 'standard',
    retryLimit: 6,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
  },
  {
    name: 'expire-credentials',
    description: 'Finds activation codes and password links past their expiry and queues one expiry job for each (nightly, or when an admin asks)',
    policy: 'short',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 900,
  },
  {
    name: 'expire-credential',
    description: 'Marks one activation code or password link expired, with its audit row',
    policy: 'short',
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 30,
  },
  {
    name: 'end-proxy-access',
    description: 'Ends proxy relationships whose end date passed or whose minor came of age, each with its audit row and a message to the proxy (nightly)',
    policy: 'short',
    retryLimit: 3,
    retryDelay: 60,
    retryBackoff: true,
    expireInSeconds: 900,
  },
  {
    name: 'release-results',
    description: 'Releases held results whose hold has ended to the portal, each with its audit row (every minute)',
    policy: 'short',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 300,
  },
  {
    name: 'housekeeping',
    description: 'Deletes expired sessions and spent throttle counts (every 15 minutes)',
    policy: 'short',
    retryLimit: 2,
    retryDelay: 60,
    retryBackoff: false,
    expireInSeconds: 300,
  },
] as const satisfies readonly JobQueueDefinition[];

export type JobQueueName = (typeof JOB_QUEUES)[number]['name'];

/** pg-boss's own queue for cron schedules: created here, as the API's role may not create queues. */
const SCHEDULER_QUEUE = '__pgboss__send-it';

/**
 * pg-boss's database interface over a knex pool or transaction. pg-boss writes `$1`
 * placeholders, which knex.raw does not take, so its SQL goes to the pg connection knex holds:
 * for a transaction, the transaction's own connection, so a job queued with a change commits or
 * rolls back with it (see the job queue's tests); for the pool, a connection borrowed and returned.
 */
export function jobQueueDb(knex: Knex | Knex.Transaction): PgBoss.Db {
  const client = knex.client as {
    acquireConnection(): Promise<{ query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }>;
    releaseConnection(connection: unknown): Promise<void>;
  };
  return {
    async executeSql(text, values) {
      const connection = await client.acquireConnection();
      try {
        return await connection.query(text, values);
      } finally {
        await client.releaseConnection(connection);
      }
    },
  };
}

const queueOptions = ({ policy, retryLimit, retryDelay, retryBackoff, expireInSeconds }: JobQueueDefinition): PgBoss.Queue => ({
  name: '',
  policy,
  retryLimit,
  retryDelay,
  retryBackoff,
  expireInSeconds,
});

function ownerBoss(knex: Knex, migrate: boolean): PgBoss {
  return new PgBoss({ db: jobQueueDb(knex), schema: JOB_SCHEMA, migrate, supervise: false, schedule: false });
}

/**
 * Installs pg-boss's schema (or upgrades it to the installed package's version) and creates or
 * updates our queues. Idempotent; run as the schema owner with the migrations.
 */
export async function installJobQueue(owner: Knex): Promise<void> {
  const boss = ownerBoss(owner, true);
  await boss.start();
  try {
    const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
    if (!existing.has(SCHEDULER_QUEUE)) await boss.createQueue(SCHEDULER_QUEUE);
    for (const queue of JOB_QUEUES) {
      const options = { ...queueOptions(queue), name: queue.name };
      await (existing.has(queue.name) ? boss.updateQueue(queue.name, options) : boss.createQueue(queue.name, options));
    }
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}

/**
 * What the job queue lacks for this code (pg-boss's schema missing or older than the package, a
 * queue missing or with other retry rules), or null when it is ready: a start checks this beside
 * the pending migrations. Read-only, so the API's role may ask.
 */
export async function jobQueueBehind(knex: Knex): Promise<string | null> {
  const { rows } = await knex.raw<{ rows: { installed: boolean }[] }>('SELECT to_regclass(?) IS NOT NULL AS installed', [`${JOB_SCHEMA}.version`]);
  if (!rows[0].installed) return 'the job queue is not installed';
  const boss = ownerBoss(knex, false);
  try {
    await boss.start();
  } catch (error) {
    return `the job queue's schema is out of date (${(error as Error).message})`;
  }
  try {
    const queues = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
    for (const queue of JOB_QUEUES) {
      const stored = queues.get(queue.name);
      if (!stored) return `job queue ${queue.name} is missing`;
      const wanted = queueOptions(queue);
      const differs = (['policy', 'retryLimit', 'retryDelay', 'retryBackoff', 'expireInSeconds'] as const).some((key) => stored[key] !== wanted[key]);
      if (differs) return `job queue ${queue.name} has other retry rules than this release`;
    }
    return null;
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
}
