import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { listFailedJobs } from './jobs.repo.ts';
import { z } from 'zod';
import { failedJobList, failedJobRecord, jobIdParam, jobQueueRecord, jobRunQueued, queueList, queueParam, retriedJob } from './jobs.schema.ts';
import { jobQueueSummaries, retryFailedJob, runQueueNow } from './jobs.service.ts';

/** The background jobs, for admins: what runs when, what waits, what failed; run the expiry now; retry a failure. */
export function jobsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/job-queues',
      operationId: 'listJobQueues',
      tag: 'jobs',
      summary: 'Every job queue: what it does, its schedule, and how many jobs wait, run, completed (last day) and failed',
      permission: { action: 'list', resource: 'job-queues' },
      list: queueList,
      response: z.array(jobQueueRecord),
      async handler({ res, actor }) {
        const rows = await jobQueueSummaries(deps, (await deps.settings.all())['organization.time_zone']);
        await recordAudit(deps.knex, actor, { action: 'list', resource: 'job-queues' });
        setContentRange(res, 'job-queues', 0, rows.length, { exact: rows.length });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/job-queues/:id/runs',
      operationId: 'runJobQueueNow',
      tag: 'jobs',
      summary: 'Run a scheduled job now (the credential expiry); 409 if a run already waits',
      permission: { action: 'run', resource: 'job-queues' },
      params: queueParam,
      response: jobRunQueued,
      responds: { status: 202, description: 'The run is queued; the queue list shows its progress' },
      errors: { 409: 'already_waiting: a run waits to start already; not_on_demand: this queue runs on its own' },
      async handler({ res, actor, params }) {
        res.status(202).json(await runQueueNow(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/failed-jobs',
      operationId: 'listFailedJobs',
      tag: 'jobs',
      summary: 'Jobs left failed after their last attempt, with the reason (kept 30 days); filter.queue for one queue',
      permission: { action: 'list', resource: 'failed-jobs' },
      list: failedJobList,
      response: z.array(failedJobRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await listFailedJobs(deps.knex, list.filter, list.sort, list.offset, list.limit);
        await recordAudit(deps.knex, actor, { action: 'list', resource: 'failed-jobs', details: { criteria: list.filter } });
        setContentRange(res, 'failed-jobs', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/failed-jobs/:id/retry',
      operationId: 'retryFailedJob',
      tag: 'jobs',
      summary: 'Give a failed job one more attempt; 409 if it is no longer failed',
      permission: { action: 'retry', resource: 'failed-jobs' },
      params: jobIdParam,
      response: retriedJob,
      errors: { 409: 'not_failed: someone retried it already' },
      async handler({ res, actor, params }) {
        res.json(await retryFailedJob(deps, actor, params.id));
      },
    }),
  ];
}
