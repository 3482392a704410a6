import { z } from 'zod';
import { JOB_QUEUES, type JobQueueName } from '@portaldesk/db';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';

const queueNames = JOB_QUEUES.map((queue) => queue.name) as [JobQueueName, ...JobQueueName[]];

export const queueParam = z.object({ id: z.enum(queueNames, { error: 'is not a job queue' }) });
export const jobIdParam = z.object({ id: z.uuid({ error: 'is not a job id' }) });

/** Queues that an admin may run now, besides their schedule. */
export const ON_DEMAND_QUEUES: readonly JobQueueName[] = ['expire-credentials', 'end-proxy-access'];

export const queueList: ListSpec<z.ZodObject> = {
  sortable: [],
  defaultSort: ['id', 'ASC'],
  filter: z.strictObject({}),
  maxPageSize: 100,
};

export const failedJobFilter = z.strictObject({ queue: z.enum(queueNames, { error: 'is not a job queue' }).optional() });
export type FailedJobFilter = z.output<typeof failedJobFilter>;

export const failedJobList: ListSpec<typeof failedJobFilter> = {
  sortable: ['failed_at'],
  defaultSort: ['failed_at', 'DESC'],
  filter: failedJobFilter,
  maxPageSize: 100,
};

const queueName = z.enum(queueNames);

/** A queue as the admins' Background jobs page shows it. */
export const jobQueueRecord = z.object({
  id: queueName,
  description: z.string(),
  schedule: z.object({ cron: z.string(), time_zone: z.string(), summary: z.string() }).nullable(),
  on_demand: z.boolean(),
  retry_limit: z.number().int(),
  waiting: z.number().int(),
  active: z.number().int(),
  completed: z.number().int().meta({ description: 'Completed in the last day (kept that long)' }),
  failed: z.number().int(),
  last_completed_at: wire.instant.nullable(),
});

/** A job left failed after its last attempt. */
export const failedJobRecord = z.object({
  id: z.uuid(),
  queue: queueName,
  attempts: z.number().int(),
  reason: z.string().nullable().meta({ description: 'Our own words, or the error type and code: never a message that could quote a patient' }),
  created_at: wire.instant,
  failed_at: wire.instant,
});

export const jobRunQueued = z.object({ job_id: z.uuid() });
export const retriedJob = failedJobRecord.extend({ state: z.literal('retry') });
