import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { proxyDecisionBody, proxyRequestCase, proxyRequestList, proxyRequestRecord } from './proxy-requests.schema.ts';
import { browseProxyRequests, decideProxyRequest, showProxyRequest, takeProxyRequest } from './proxy-requests.service.ts';

const versionBody = z.strictObject({ version: z.number({ error: 'is required (the version you read)' }).int().positive() });

/** Release of Information's queue of proxy access requests and its decisions. */
export function proxyRequestsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/proxy-requests',
      operationId: 'listProxyRequests',
      tag: 'proxy-requests',
      summary: 'The queue, due soonest first (requests waiting on the requester last), with filters by status, kind, overdue and assignee',
      permission: { action: 'list', resource: 'proxy-requests' },
      list: proxyRequestList,
      response: z.array(proxyRequestRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseProxyRequests(deps, actor, list);
        setContentRange(res, 'proxy-requests', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/proxy-requests/:id',
      operationId: 'getProxyRequest',
      tag: 'proxy-requests',
      summary: 'One request as ROI works it: requester and patient side by side, documents, decision (audited as a read of both people)',
      permission: { action: 'show', resource: 'proxy-requests' },
      params: z.object({ id: idParam }),
      response: proxyRequestCase,
      async handler({ res, actor, params }) {
        res.json(await showProxyRequest(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-requests/:id/decision',
      operationId: 'decideProxyRequest',
      tag: 'proxy-requests',
      summary: 'Approve (creates the relationship), deny (reason for the requester) or ask for more information (pauses the clock); send the version you read',
      permission: { action: 'edit', resource: 'proxy-requests' },
      params: z.object({ id: idParam }),
      body: proxyDecisionBody,
      response: proxyRequestCase,
      errors: {
        409: 'already_decided: someone decided it first (the message says who and when); stale_version: it changed since you read it',
        422: 'checklist_incomplete, patient_unmatched, patient_deceased, patient_now_adult, requester_inactive, relationship_exists, starts_in_past, ends_in_past: it cannot be approved as it stands',
      },
      async handler({ res, actor, params, body }) {
        res.json(await decideProxyRequest(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-requests/:id/take',
      operationId: 'takeProxyRequest',
      tag: 'proxy-requests',
      summary: 'Take the request: you become its assignee (send the version you read)',
      permission: { action: 'edit', resource: 'proxy-requests' },
      params: z.object({ id: idParam }),
      body: versionBody,
      response: proxyRequestCase,
      errors: { 409: 'wrong_state: it is decided already; stale_version: it changed since you read it' },
      async handler({ res, actor, params, body }) {
        res.json(await takeProxyRequest(deps, actor, params.id, body.version));
      },
    }),
  ];
}
