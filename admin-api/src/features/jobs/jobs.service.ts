import { JOB_QUEUES, type JobQueueName, type Knex } from '@portaldesk/db';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { scheduleOf } from '../../jobs/workers.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { countsByQueue, findJob } from './jobs.repo.ts';
import { ON_DEMAND_QUEUES } from './jobs.schema.ts';

export interface JobsDeps {
  knex: Knex;
  jobs: JobQueue;
}

/** Every queue with what it does, when it runs, its retry rules and how many of its jobs are where. */
export async function jobQueueSummaries(deps: JobsDeps, timeZone: string) {
  const counts = await countsByQueue(deps.knex);
  return JOB_QUEUES.map((queue) => ({
    id: queue.name,
    description: queue.description,
    schedule: scheduleOf(queue.name, timeZone),
    on_demand: ON_DEMAND_QUEUES.includes(queue.name),
    retry_limit: queue.retryLimit,
    ...(counts.get(queue.name) ?? { waiting: 0, active: 0, completed: 0, failed: 0, last_completed_at: null }),
  }));
}

/** An admin runs a scheduled job now. A run already waiting to start is not queued twice. */
export async function runQueueNow(deps: JobsDeps, actor: Actor, queue: JobQueueName): Promise<{ job_id: string }> {
  if (!ON_DEMAND_QUEUES.includes(queue)) throw conflict(`${queue} runs on its own; it cannot be started by hand.`, 'not_on_demand');
  return deps.knex.transaction(async (trx) => {
    const id = await deps.jobs.enqueue(trx, queue, {});
    if (!id) throw conflict(`A run of ${queue} is already waiting to start.`, 'already_waiting');
    await recordAudit(trx, actor, { action: 'run', resource: 'job-queues', resourceId: queue, details: { job_id: id } });
    return { job_id: id };
  });
}

/** Gives a failed job one more attempt. */
export async function retryFailedJob(deps: JobsDeps, actor: Actor, id: string) {
  const job = await findJob(deps.knex, id);
  if (!job) throw notFound('Job');
  if (job.state !== 'failed' || !(await deps.jobs.retry(job.queue, id))) {
    throw conflict('This job is not failed (any more): someone may have retried it already.', 'not_failed');
  }
  await recordAudit(deps.knex, actor, { action: 'retry', resource: 'failed-jobs', resourceId: id, details: { queue: job.queue } });
  return { ...job, state: 'retry' };
}
