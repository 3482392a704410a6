import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { changeRequestCase, changeRequestList, changeRequestRecord, reviewBody } from './demographic-change-requests.schema.ts';
import { browseChangeRequests, reviewChangeRequest, showChangeRequest } from './demographic-change-requests.service.ts';

/** ROI's queue of the demographic changes patients ask for, and its field-by-field review. */
export function demographicChangeRequestsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/demographic-change-requests',
      operationId: 'listDemographicChangeRequests',
      tag: 'demographic-change-requests',
      summary: 'Change requests, due first (filters status, overdue, patient_id)',
      permission: { action: 'list', resource: 'demographic-change-requests' },
      list: changeRequestList,
      response: z.array(changeRequestRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseChangeRequests(deps, actor, list);
        setContentRange(res, 'demographic-change-requests', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/demographic-change-requests/:id',
      operationId: 'getDemographicChangeRequest',
      tag: 'demographic-change-requests',
      summary: 'One request: each field as it was when asked, as asked, and as it is now, with its decision; and the version to review',
      permission: { action: 'show', resource: 'demographic-change-requests' },
      params: z.object({ id: idParam }),
      response: changeRequestCase,
      async handler({ res, actor, params }) {
        res.json(await showChangeRequest(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/demographic-change-requests/:id/review',
      operationId: 'reviewDemographicChangeRequest',
      tag: 'demographic-change-requests',
      summary: 'Accept or reject every field of a request (a reason to reject); accepted values are written to the record with their history',
      permission: { action: 'edit', resource: 'demographic-change-requests' },
      params: z.object({ id: idParam }),
      body: reviewBody,
      response: changeRequestCase,
      errors: {
        409: "already_reviewed, stale_version, patient_changed: someone reviewed the request first, or it or the patient's record changed since it was read; `details.current` is the request as it is now",
        422: 'review_incomplete: a field without a decision, a rejection without a reason, a changed field accepted without acknowledgeChange, or a value that cannot be accepted (named)',
      },
      async handler({ res, actor, params, body }) {
        res.json(await reviewChangeRequest(deps, actor, params.id, body));
      },
    }),
  ];
}
