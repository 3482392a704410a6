import { z } from 'zod';
import { JOB_QUEUES, type JobQueueName } from '@portaldesk/db';
import type { ListSpec } from '../../lib/list-query.ts';

const queueNames = JOB_QUEUES.map((queue) => queue.name) as [JobQueueName, ...JobQueueName[]];

export const queueParam = z.object({ id: z.enum(queueNames, { error: 'is not a job queue' }) });
export const jobIdParam = z.object({ id: z.uuid({ error: 'is not a job id' }) });

/** Queues that an admin may run now, besides their schedule. */
export const ON_DEMAND_QUEUES: readonly JobQueueName[] = ['expire-credentials'];

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
