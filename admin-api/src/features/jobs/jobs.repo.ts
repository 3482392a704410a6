import { JOB_SCHEMA, type JobQueueName, type Knex } from '@portaldesk/db';
import type { SortOrder } from '../../lib/list-query.ts';
import type { FailedJobFilter } from './jobs.schema.ts';

const jobs = (knex: Knex) => knex(`${JOB_SCHEMA}.job`);

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  last_completed_at: Date | null;
}

/** How many jobs of each queue wait (new or to retry), run, completed (kept a day) and failed. */
export async function countsByQueue(knex: Knex): Promise<Map<string, QueueCounts>> {
  const rows: { name: string; waiting: string; active: string; completed: string; failed: string; last_completed_at: Date | null }[] = await jobs(knex)
    .select('name')
    .select(knex.raw(`count(*) FILTER (WHERE state IN ('created', 'retry')) AS waiting`))
    .select(knex.raw(`count(*) FILTER (WHERE state = 'active') AS active`))
    .select(knex.raw(`count(*) FILTER (WHERE state = 'completed') AS completed`))
    .select(knex.raw(`count(*) FILTER (WHERE state = 'failed') AS failed`))
    .select(knex.raw(`max(completed_on) FILTER (WHERE state = 'completed') AS last_completed_at`))
    .groupBy('name');
  return new Map(
    rows.map((row) => [
      row.name,
      {
        waiting: Number(row.waiting),
        active: Number(row.active),
        completed: Number(row.completed),
        failed: Number(row.failed),
        last_completed_at: row.last_completed_at,
      },
    ]),
  );
}

export interface FailedJobRow {
  id: string;
  queue: JobQueueName;
  attempts: number;
  reason: string | null;
  created_at: Date;
  failed_at: Date;
}

const failedColumns = (knex: Knex) => [
  'id',
  'name AS queue',
  knex.raw('retry_count + 1 AS attempts'),
  knex.raw(`output->>'message' AS reason`),
  'created_on AS created_at',
  'completed_on AS failed_at',
];

/** Jobs left failed after their last attempt (kept a month), newest first by default. */
export async function listFailedJobs(knex: Knex, filter: FailedJobFilter, sort: { field: string; order: SortOrder }, offset: number, limit: number) {
  const base = jobs(knex)
    .where({ state: 'failed' })
    .modify((query) => {
      if (filter.queue) query.where({ name: filter.queue });
    });
  const [rows, [{ count }]] = await Promise.all([
    base
      .clone()
      .select(failedColumns(knex))
      .orderBy([
        { column: sort.field === 'failed_at' ? 'completed_on' : 'id', order: sort.order },
        { column: 'id', order: sort.order },
      ])
      .offset(offset)
      .limit(limit),
    base.clone().count({ count: '*' }),
  ]);
  return { rows: rows as FailedJobRow[], total: Number(count) };
}

/** A job by id, failed or not (of two admins retrying it at once, one finds it failed no more). */
export async function findJob(knex: Knex, id: string): Promise<(FailedJobRow & { state: string }) | undefined> {
  return jobs(knex)
    .first([...failedColumns(knex), 'state'])
    .where({ id });
}
