import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { NO_ACCESS, portalResults, portalResultsQuery, resultsForPortal } from './results.portal.ts';

/** What the portal shows of a patient's results, to the patient or a proxy. */
export function resultPortalRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/results',
      operationId: 'getPortalResults',
      tag: 'results',
      summary:
        "The results the user may see for the patient now: released only (never held), a proxy's hidden categories left out, corrections marked. One refusal for every patient the user may not see",
      permission: 'portal-token',
      query: portalResultsQuery,
      response: portalResults,
      errors: { 403: `${NO_ACCESS.code}: the same answer for an unknown user, an unknown MRN, and a patient the user has no access to` },
      async handler({ res, actor, query }) {
        res.json(await resultsForPortal(deps, actor, query));
      },
    }),
  ];
}
