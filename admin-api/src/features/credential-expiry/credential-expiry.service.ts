import type { Knex } from '@portaldesk/db';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { CREDENTIAL_KINDS, dueCredentialIds, markExpired, type CredentialRef } from './credential-expiry.repo.ts';

export interface CredentialExpiryDeps {
  knex: Knex;
  jobs: JobQueue;
  clock: Clock;
}

const PAGE = 500;

/**
 * The expire-credentials job (nightly, or when an admin asks): queues one expire-credential job
 * for every open credential whose expiry has passed. Each is keyed by its credential, so a second
 * run while the first one's jobs still wait queues nothing twice. Answers how many it queued.
 */
export async function queueDueExpiries(deps: CredentialExpiryDeps): Promise<number> {
  const now = deps.clock();
  let queued = 0;
  for (const kind of CREDENTIAL_KINDS) {
    for (let afterId = 0; ;) {
      const ids = await dueCredentialIds(deps.knex, kind, now, afterId, PAGE);
      if (!ids.length) break;
      await deps.jobs.enqueueMany(
        deps.knex,
        'expire-credential',
        ids.map((id) => ({ data: { kind, id } satisfies CredentialRef, singletonKey: `${kind}:${id}` })),
      );
      queued += ids.length;
      afterId = ids.at(-1)!;
    }
  }
  return queued;
}

/**
 * The expire-credential job: marks one credential expired, with its audit row, in one
 * transaction. Run twice (a retry after a lost attempt), the second run finds nothing to do, so
 * each credential is expired, and audited, once.
 */
export async function expireCredential(deps: CredentialExpiryDeps, actor: Actor, ref: CredentialRef): Promise<boolean> {
  return deps.knex.transaction(async (trx) => {
    const expired = await markExpired(trx, ref, deps.clock());
    if (!expired) return false;
    await recordAudit(trx, actor, {
      action: 'expire',
      resource: expired.resource,
      resourceId: expired.resourceId,
      patientId: expired.patientId,
      details: { credential: ref.kind, credential_id: ref.id, expires_at: expired.expiresAt.toISOString() },
    });
    return true;
  });
}
