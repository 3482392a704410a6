import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { proxyAccessQuery, proxyAccessRecord, restrictionBody, restrictionResult } from './proxy-relationships.schema.ts';
import { proxyAccessOf, setProxyRestriction } from './proxy-relationships.service.ts';

/** What the portal enforces about proxies, and what teenagers change about them. */
export function proxyRelationshipPortalRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/proxy-access',
      operationId: 'getProxyAccess',
      tag: 'proxy-access',
      summary:
        'Every patient the user may see now as a proxy, with the access level, what is hidden and why: computed at the moment of the call (an unknown or inactive account sees nobody)',
      permission: 'portal-token',
      query: proxyAccessQuery,
      response: proxyAccessRecord,
      async handler({ res, actor, query }) {
        res.json(await proxyAccessOf(deps, actor, query.username));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-restrictions',
      operationId: 'setProxyRestriction',
      tag: 'proxy-access',
      summary: 'A patient of 13 to 17 hides categories (or "all") from one parent or guardian; an empty list lifts it. Takes effect at once',
      permission: 'portal-token',
      body: restrictionBody,
      response: restrictionResult,
      errors: { 422: 'patient_unknown, no_relationship, not_a_teen: the field named cannot be accepted' },
      async handler({ res, actor, body }) {
        res.json(await setProxyRestriction(deps, actor, body));
      },
    }),
  ];
}
