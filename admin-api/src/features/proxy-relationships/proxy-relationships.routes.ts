import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { ageChangeQuery, ageChangeRecord, relationshipList, relationshipRecord, revokeBody, whoCanSeeRecord } from './proxy-relationships.schema.ts';
import { browseRelationshipsOfPatient, revokeRelationship, upcomingAgeChanges, whoCanSee } from './proxy-relationships.service.ts';

/** Proxy relationships as staff see them: a patient's Proxies panel, revoking, who sees what, the birthday worklist. */
export function proxyRelationshipsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/proxy-relationships',
      operationId: 'listProxyRelationships',
      tag: 'proxy-relationships',
      summary: 'Every relationship a patient is part of (filter patient_id): who has access to them and whom they have access to, open ones first',
      permission: { action: 'list', resource: 'proxy-relationships' },
      list: relationshipList,
      response: z.array(relationshipRecord),
      async handler({ res, actor, list }) {
        const rows = await browseRelationshipsOfPatient(deps, actor, list.filter.patient_id);
        const page = rows.slice(list.offset, list.offset + list.limit);
        setContentRange(res, 'proxy-relationships', list.offset, page.length, { exact: rows.length });
        res.json(page);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-relationships/:id/revoke',
      operationId: 'revokeProxyRelationship',
      tag: 'proxy-relationships',
      summary: 'End a relationship now, with a reason (send the version you read)',
      permission: { action: 'revoke', resource: 'proxy-relationships' },
      params: z.object({ id: idParam }),
      body: revokeBody,
      response: relationshipRecord,
      errors: { 409: 'wrong_state: it has ended already; stale_version: it changed since you read it' },
      async handler({ res, actor, params, body }) {
        res.json(await revokeRelationship(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/who-can-see',
      operationId: 'getWhoCanSeePatient',
      tag: 'proxy-relationships',
      summary: "Who can see the patient's portal record today, through which account, relationship, age tier and rule, as data and as sentences",
      permission: { action: 'list', resource: 'proxy-relationships' },
      params: z.object({ id: idParam }),
      response: whoCanSeeRecord,
      async handler({ res, actor, params }) {
        res.json(await whoCanSee(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/proxy-age-changes',
      operationId: 'listProxyAgeChanges',
      tag: 'proxy-relationships',
      summary:
        'The birthday worklist: patients with open minor proxy relationships who turn the teen age or come of age in the next `days` days, with what changes for whom',
      permission: { action: 'list', resource: 'proxy-relationships' },
      query: ageChangeQuery,
      response: z.array(ageChangeRecord),
      async handler({ res, actor, query }) {
        res.json(await upcomingAgeChanges(deps, actor, query.days));
      },
    }),
  ];
}
