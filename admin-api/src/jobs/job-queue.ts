import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { JOB_SCHEMA, SchemaNotReadyError, jobQueueDb, type JobQueueName, type Knex } from '@portaldesk/db';

/** One job as its handler sees it. `finalAttempt`: if this attempt fails, the job is left failed. */
export interface Job<Data> {
  id: string;
  queue: JobQueueName;
  data: Data;
  attempt: number;
  finalAttempt: boolean;
}

export type JobHandler<Data = unknown> = (job: Job<Data>) => Promise<void>;

/**
 * A failure a handler reports in words fit for the admins' Jobs page. Anything else thrown is
 * stored by its type and code only: a driver's or a mail server's message may quote a patient.
 */
export class JobError extends Error {}

/** What is kept of a failure: our own words, or the error's type and code. */
export function describeJobFailure(error: unknown): string {
  if (error instanceof JobError) return error.message.slice(0, 500);
  const { name = 'Error', code } = (error ?? {}) as { name?: string; code?: unknown };
  return typeof code === 'string' || typeof code === 'number' ? `${name} (${code})` : name;
}

export interface EnqueueOptions {
  /** With a `short` queue, a job whose key is already waiting is not queued twice. */
  singletonKey?: string;
  startAfter?: Date;
}

export interface WorkOptions {
  /** Jobs one fetch takes; each still succeeds or fails on its own. */
  batchSize: number;
}

/** How often an instance looks for expired attempts (a crashed instance's jobs) and archives old jobs. */
const MAINTENANCE_INTERVAL_SECONDS = 30;
/** How long finished jobs stay in view: a day for completed ones, a month for failed ones. */
const KEEP_COMPLETED_SECONDS = 24 * 3600;
const KEEP_FAILED_SECONDS = 30 * 24 * 3600;
/** Idle workers look for new jobs this often. */
const POLLING_INTERVAL_SECONDS = 1;

/**
 * PostgreSQL-backed jobs (pg-boss): queued in the transaction of the change that calls for them,
 * run by every API instance, each job by one instance at a time, retried with backoff, left
 * failed for an admin after its last attempt. Handlers run outside any transaction of the
 * queue's, so nothing is held open while a message is sent.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    knex: Knex,
    private readonly logger: Logger,
  ) {
    this.boss = new PgBoss({
      db: jobQueueDb(knex),
      schema: JOB_SCHEMA,
      // The schema and the queues are the owner's to install (`npm run migrate`).
      migrate: false,
      maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
      archiveCompletedAfterSeconds: KEEP_COMPLETED_SECONDS,
      archiveFailedAfterSeconds: KEEP_FAILED_SECONDS,
      deleteAfterDays: 30,
    });
    this.boss.on('error', (error: Error & { queue?: string; code?: string }) => {
      logger.error({ err: { type: error.name, code: error.code }, queue: error.queue }, 'job queue error');
    });
  }

  /**
   * Queues a job. Pass the transaction of the change that calls for it: the job then exists only
   * if the change commits. Answers the job's id, or null when a waiting job has the same key.
   */
  async enqueue(db: Knex | Knex.Transaction, queue: JobQueueName, data: object, options: EnqueueOptions = {}): Promise<string | null> {
    return this.boss.send(queue, data, { db: jobQueueDb(db), singletonKey: options.singletonKey, startAfter: options.startAfter });
  }

  /** Queues many jobs in one statement; with a `short` queue, those whose key already waits are left out. */
  async enqueueMany(db: Knex | Knex.Transaction, queue: JobQueueName, jobs: { data: object; singletonKey?: string }[]): Promise<void> {
    await this.boss.insert(
      jobs.map((job) => ({ name: queue, data: job.data, singletonKey: job.singletonKey })),
      { db: jobQueueDb(db) },
    );
  }

  /** Starts this instance's maintenance and cron; refuses when the job queue's schema is not ready. */
  async start(): Promise<void> {
    try {
      await this.boss.start();
    } catch (error) {
      throw new SchemaNotReadyError(`The job queue is not ready (${(error as Error).message}). Run \`npm run migrate\` as the schema owner.`);
    }
    this.started = true;
  }

  /** Runs `handler` for each job of `queue` this instance takes, until stopped. */
  async work<Data>(queue: JobQueueName, options: WorkOptions, handler: JobHandler<Data>): Promise<void> {
    await this.boss.work<Data>(
      queue,
      { batchSize: options.batchSize, includeMetadata: true, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS },
      async (jobs) => {
        for (const job of jobs) await this.runOne(queue, job, handler);
      },
    );
  }

  /**
   * Takes up to `limit` waiting jobs of `queue` and runs them here and now, as a worker would:
   * for tests and for an instance started without workers.
   */
  async runWaiting<Data>(queue: JobQueueName, handler: JobHandler<Data>, limit = 100): Promise<number> {
    const jobs = await this.boss.fetch<Data>(queue, { batchSize: limit, includeMetadata: true });
    for (const job of jobs) {
      if (await this.runOne(queue, job, handler)) await this.boss.complete(queue, job.id);
    }
    return jobs.length;
  }

  /** One job, failing it alone (its batch-mates still complete). Answers whether it succeeded. */
  private async runOne<Data>(queue: JobQueueName, job: PgBoss.JobWithMetadata<Data>, handler: JobHandler<Data>): Promise<boolean> {
    const attempt = job.retryCount + 1;
    try {
      await handler({ id: job.id, queue, data: job.data, attempt, finalAttempt: job.retryCount >= job.retryLimit });
      return true;
    } catch (error) {
      const failure = describeJobFailure(error);
      this.logger.warn({ queue, jobId: job.id, attempt, failure }, 'job attempt failed');
      await this.boss.fail(queue, job.id, { message: failure });
      return false;
    }
  }

  /** Queues `queue` on a cron schedule in `timeZone`; every instance may declare it, one job runs per slot. */
  async schedule(queue: JobQueueName, cron: string, timeZone: string): Promise<void> {
    await this.boss.schedule(queue, cron, {}, { tz: timeZone });
  }

  /**
   * Puts a failed job back in line (one more attempt). Answers false when it was not failed (of
   * two admins retrying at once, one puts it back).
   */
  async retry(queue: JobQueueName, id: string): Promise<boolean> {
    // pg-boss 10 answers how many jobs it changed, though its type declarations say void.
    const result = (await this.boss.retry(queue, id)) as unknown as { affected: number };
    return result.affected === 1;
  }

  /** Stops taking jobs and waits (up to `timeoutMs`) for the running ones to finish. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    this.started = false;
  }
}
