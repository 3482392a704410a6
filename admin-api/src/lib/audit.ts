import { userInfo } from 'node:os';
import type { Knex } from '@portaldesk/db';
import { systemClock, type Clock } from './clock.ts';

/** Who did something, from where, in which request, and the clock that dates what they did. */
export interface Actor {
  staffUserId: number | null;
  username: string | null;
  roles: string[];
  clientAddress: string | null;
  requestId: string;
  clock: Clock;
}

export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditEntry {
  action: string;
  resource: string;
  resourceId?: string | number | null;
  patientId?: number | null;
  /** Patients a listing showed (a search's results): each finds this row in their ledger. */
  listedPatientIds?: number[];
  outcome?: AuditOutcome;
  /** Criteria or changed field names; never secrets, never patient values. */
  details?: Record<string, unknown>;
}

type AuditRow = Record<string, unknown>;

/**
 * The who-and-when part of audit rows written by an `INSERT INTO audit_events (...) SELECT`
 * (one row per patient of a bulk change): the column list, its placeholders and their values.
 */
export function auditSelectParts(actor: Actor, at: Date) {
  const who = auditColumns(actor, at);
  return {
    columns: 'occurred_at, staff_user_id, staff_username, roles, client_address, request_id',
    placeholders: '?, ?, ?, ?::text[], ?::inet, ?',
    bindings: [who.occurred_at, who.staff_user_id, who.staff_username, who.roles, who.client_address, who.request_id],
  };
}

/** The columns of an audit row that say who, when, from where and in which request. */
export function auditColumns(actor: Actor, at: Date) {
  return {
    occurred_at: at,
    staff_user_id: actor.staffUserId,
    staff_username: actor.username,
    roles: actor.roles,
    client_address: actor.clientAddress,
    request_id: actor.requestId,
  };
}

/** Most rows one batched INSERT carries; keeps a statement's parameters far below pg's limit. */
const MAX_BATCH_ROWS = 500;

/**
 * Writes the audit rows of reads (no transaction of their own) together: while one INSERT is in
 * flight, the rows of other requests queue and go in the next one, so under load one commit
 * (one WAL flush) serves many requests, and an idle server writes each row at once. Every caller
 * still waits for the commit that holds its row: no answer leaves before its audit row is stored.
 */
class AuditBatcher {
  private queue: { row: AuditRow; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(private readonly knex: Knex) {}

  write(row: AuditRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH_ROWS);
      try {
        await this.knex('audit_events').insert(batch.map((entry) => entry.row));
        for (const entry of batch) entry.resolve();
      } catch (error) {
        // One bad row must not fail its neighbours' requests: retry each alone.
        if (batch.length === 1) batch[0].reject(error);
        else await Promise.all(batch.map((entry) => this.knex('audit_events').insert(entry.row).then(entry.resolve, entry.reject)));
      }
    }
    this.writing = false;
  }
}

const batchers = new WeakMap<Knex, AuditBatcher>();

/**
 * Appends one audit row. Pass the transaction of the change it records, so the change and its
 * audit row commit together or not at all; rows of reads are batched (see AuditBatcher).
 */
export async function recordAudit(db: Knex | Knex.Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  const row: AuditRow = {
    ...auditColumns(actor, actor.clock()),
    action: entry.action,
    resource: entry.resource,
    resource_id: entry.resourceId == null ? null : String(entry.resourceId),
    patient_id: entry.patientId ?? null,
    listed_patient_ids: entry.listedPatientIds?.length ? entry.listedPatientIds : null,
    outcome: entry.outcome ?? 'success',
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
  if ((db as Knex.Transaction).isTransaction)
    return db('audit_events')
      .insert(row)
      .then(() => undefined);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new AuditBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher.write(row);
}

/** The actor for work started from a command line on the server (imports, first admin). */
export function commandLineActor(requestId: string, clock: Clock = systemClock): Actor {
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry (some containers): the audit row still says it came from the command line.
  }
  return { staffUserId: null, username: `cli:${osUser}`, roles: [], clientAddress: null, requestId, clock };
}

/**
 * The actor for work a background job does (expiring credentials, sending messages): no staff
 * member, the job's queue as its name, and the job's id where a request id would be, so every
 * audit row it wrote leads back to the job.
 */
export function jobActor(queue: string, jobId: string, clock: Clock): Actor {
  return { staffUserId: null, username: `job:${queue}`, roles: [], clientAddress: null, requestId: jobId, clock };
}
