import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { createTierBody, tierId, tierList, tierRecord, updateTierBody } from './proxy-age-tiers.schema.ts';
import { createTier, deleteTier, listTiers, showTier, updateTier } from './proxy-age-tiers.service.ts';

/** The age tiers of proxy access to minors, per state of residence: admins keep them. */
export function proxyAgeTiersRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/proxy-age-tiers',
      operationId: 'listProxyAgeTiers',
      tag: 'proxy-age-tiers',
      summary: 'The default age rules, then each state with its own',
      permission: { action: 'list', resource: 'proxy-age-tiers' },
      list: tierList,
      response: z.array(tierRecord),
      async handler({ res, actor, list }) {
        const rows = await listTiers(deps.knex, actor);
        const page = rows.slice(list.offset, list.offset + list.limit);
        setContentRange(res, 'proxy-age-tiers', list.offset, page.length, { exact: rows.length });
        res.json(page);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/proxy-age-tiers/:id',
      operationId: 'getProxyAgeTier',
      tag: 'proxy-age-tiers',
      summary: 'One set of age rules: "default" or a state',
      permission: { action: 'show', resource: 'proxy-age-tiers' },
      params: tierId,
      response: tierRecord,
      async handler({ res, params }) {
        res.json(await showTier(deps.knex, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/proxy-age-tiers',
      operationId: 'createProxyAgeTier',
      tag: 'proxy-age-tiers',
      summary: 'Give a state age rules of its own',
      permission: { action: 'create', resource: 'proxy-age-tiers' },
      body: createTierBody,
      response: tierRecord,
      responds: { status: 201, description: 'Created' },
      errors: { 409: 'exists: the state has its own rules already' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createTier(deps.knex, actor, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/proxy-age-tiers/:id',
      operationId: 'updateProxyAgeTier',
      tag: 'proxy-age-tiers',
      summary: 'Change a set of age rules (send the version you read); they apply from the next question the portal asks',
      permission: { action: 'edit', resource: 'proxy-age-tiers' },
      params: tierId,
      body: updateTierBody,
      response: tierRecord,
      errors: { 409: 'stale_version: someone changed them since you read them' },
      async handler({ res, actor, params, body }) {
        res.json(await updateTier(deps.knex, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/proxy-age-tiers/:id',
      operationId: 'deleteProxyAgeTier',
      tag: 'proxy-age-tiers',
      summary: "Remove a state's own rules: its patients follow the default again",
      permission: { action: 'delete', resource: 'proxy-age-tiers' },
      params: tierId,
      response: tierRecord,
      errors: { 409: 'default_stays: the default rules cannot be removed' },
      async handler({ res, actor, params }) {
        res.json(await deleteTier(deps.knex, actor, params.id));
      },
    }),
  ];
}
