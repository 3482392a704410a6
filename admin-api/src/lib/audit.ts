import { userInfo } from 'node:os';
import type { Knex } from '@portaldesk/db';

/** Who did something, from where, in which request. */
export interface Actor {
  staffUserId: number | null;
  username: string | null;
  roles: string[];
  clientAddress: string | null;
  requestId: string;
}

export type AuditOutcome = 'success' | 'denied' | 'failed';

export interface AuditEntry {
  action: string;
  resource: string;
  resourceId?: string | number | null;
  patientId?: number | null;
  outcome?: AuditOutcome;
  /** Criteria or changed field names; never secrets, never a search's results. */
  details?: Record<string, unknown>;
}

/**
 * Appends one audit row. Pass the transaction of the change it records, so the change and its
 * audit row commit together or not at all.
 */
export async function recordAudit(db: Knex | Knex.Transaction, actor: Actor, entry: AuditEntry): Promise<void> {
  await db('audit_events').insert({
    staff_user_id: actor.staffUserId,
    staff_username: actor.username,
    roles: actor.roles,
    action: entry.action,
    resource: entry.resource,
    resource_id: entry.resourceId == null ? null : String(entry.resourceId),
    patient_id: entry.patientId ?? null,
    client_address: actor.clientAddress,
    request_id: actor.requestId,
    outcome: entry.outcome ?? 'success',
    details: entry.details ? JSON.stringify(entry.details) : null,
  });
}

/** The actor for work started from a command line on the server (imports, first admin). */
export function commandLineActor(requestId: string): Actor {
  let osUser = 'unknown';
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry (some containers): the audit row still says it came from the command line.
  }
  return { staffUserId: null, username: `cli:${osUser}`, roles: [], clientAddress: null, requestId };
}
