import { z } from 'zod';
import type { JobQueueName } from '@portaldesk/db';
import type { AppDeps } from '../deps.ts';
import { CREDENTIAL_KINDS } from '../features/credential-expiry/credential-expiry.repo.ts';
import { expireCredential, queueDueExpiries } from '../features/credential-expiry/credential-expiry.service.ts';
import { endExpiredRelationships } from '../features/proxy-relationships/proxy-relationships.service.ts';
import { releaseDueResults } from '../features/results/results.service.ts';
import { jobActor } from '../lib/audit.ts';
import { sendMessageHandler, type OutboxSender } from '../outbox/outbox.ts';
import { JobError, type JobHandler } from './job-queue.ts';

const credentialRef = z.strictObject({ kind: z.enum(CREDENTIAL_KINDS), id: z.number().int().positive() });
const sendMessage = z.strictObject({ messageId: z.number().int().positive() });

/** A job's data as its handler expects it; anything else is a bug to show on the Jobs page, not to guess at. */
function dataOf<T>(schema: z.ZodType<T>, job: { data: unknown }): T {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) throw new JobError('The job carries data this version does not understand.');
  return parsed.data;
}

/** What each queue's jobs do. */
export function jobHandlers(deps: AppDeps, options: { sender: OutboxSender; housekeeping: () => Promise<void> }): Record<JobQueueName, JobHandler> {
  const sendOne = sendMessageHandler(deps.knex, options.sender, deps.clock);
  return {
    'send-message': (job) => sendOne({ ...job, data: dataOf(sendMessage, job) }),
    'expire-credentials': async () => {
      await queueDueExpiries(deps);
    },
    'expire-credential': async (job) => {
      await expireCredential(deps, jobActor(job.queue, job.id, deps.clock), dataOf(credentialRef, job));
    },
    'end-proxy-access': async (job) => {
      await endExpiredRelationships(deps, jobActor(job.queue, job.id, deps.clock));
    },
    'release-results': async (job) => {
      await releaseDueResults(deps, jobActor(job.queue, job.id, deps.clock));
    },
    housekeeping: () => options.housekeeping(),
  };
}

/** How many jobs of each queue one fetch takes: the expiries are quick and many, messages slow. */
const BATCH_SIZES: Record<JobQueueName, number> = {
  'send-message': 5,
  'expire-credentials': 1,
  'expire-credential': 25,
  'end-proxy-access': 1,
  'release-results': 1,
  housekeeping: 1,
};

/** Every job that runs on a clock: the expiry nightly at 02:00 in the organization's time zone. */
const SCHEDULES: { queue: JobQueueName; cron: string; organizationTime: boolean; summary: string }[] = [
  { queue: 'expire-credentials', cron: '0 2 * * *', organizationTime: true, summary: 'Every night at 2:00 a.m.' },
  // Just after midnight: a minor's access ends on the morning of their birthday, not hours later.
  { queue: 'end-proxy-access', cron: '5 0 * * *', organizationTime: true, summary: 'Every night at 12:05 a.m.' },
  // A hold ends at a moment, not a night: the result reaches the portal within a minute of it.
  { queue: 'release-results', cron: '* * * * *', organizationTime: false, summary: 'Every minute' },
  { queue: 'housekeeping', cron: '*/15 * * * *', organizationTime: false, summary: 'Every 15 minutes' },
];

/** The schedules, as the admins' Jobs page shows them. */
export function scheduleOf(queue: JobQueueName, timeZone: string): { cron: string; time_zone: string; summary: string } | null {
  const schedule = SCHEDULES.find((entry) => entry.queue === queue);
  return schedule ? { cron: schedule.cron, time_zone: schedule.organizationTime ? timeZone : 'UTC', summary: schedule.summary } : null;
}

/** Starts this instance's share of the work: its workers on every queue, and the schedules. */
export async function startJobWorkers(deps: AppDeps, handlers: Record<JobQueueName, JobHandler>, timeZone: string): Promise<void> {
  await deps.jobs.start();
  for (const { queue, cron } of SCHEDULES) await deps.jobs.schedule(queue, cron, scheduleOf(queue, timeZone)!.time_zone);
  for (const [queue, handler] of Object.entries(handlers) as [JobQueueName, JobHandler][]) {
    await deps.jobs.work(queue, { batchSize: BATCH_SIZES[queue] }, handler);
  }
}
