import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { identityCheckCaseRecord, identityCheckFailureRecord, identityCheckList, resolveBody } from './identity-check-failures.schema.ts';
import { browseIdentityChecks, resolveIdentityCheck, showIdentityCheck } from './identity-check-failures.service.ts';

/** The queue of failed self-sign-up identity checks the portal reports, worked by support. */
export function identityCheckFailuresRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/identity-check-failures',
      operationId: 'listIdentityCheckFailures',
      tag: 'identity-check-failures',
      summary: 'The queue, oldest first, each case with its due time (business days) and whether it is overdue',
      permission: { action: 'list', resource: 'identity-check-failures' },
      list: identityCheckList,
      response: z.array(identityCheckFailureRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseIdentityChecks(deps, actor, list);
        setContentRange(res, 'identity-check-failures', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/identity-check-failures/:id',
      operationId: 'getIdentityCheckFailure',
      tag: 'identity-check-failures',
      summary: "One case, with the matched patient's chart beside the report (audited as a read of that patient) and the next open case",
      permission: { action: 'show', resource: 'identity-check-failures' },
      params: z.object({ id: idParam }),
      response: identityCheckCaseRecord,
      async handler({ res, actor, params }) {
        res.json(await showIdentityCheck(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/identity-check-failures/:id',
      operationId: 'resolveIdentityCheckFailure',
      tag: 'identity-check-failures',
      summary: 'Resolve a case, saying what was done (send the version you read; 409 if stale); answers it with the next open case to go on to',
      permission: { action: 'edit', resource: 'identity-check-failures' },
      params: z.object({ id: idParam }),
      body: resolveBody,
      response: identityCheckCaseRecord,
      errors: { 409: 'stale_version: someone changed the case since you read it; reload. wrong_state: the case is resolved already' },
      async handler({ res, actor, params, body }) {
        res.json(await resolveIdentityCheck(deps, actor, params.id, body));
      },
    }),
  ];
}
