import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { createdPortalTokenRecord, createPortalTokenBody, portalTokenRecord } from './portal-tokens.schema.ts';
import { createPortalToken, listPortalTokens, revokePortalToken } from './portal-tokens.service.ts';

/** Admins name, create and revoke the bearer tokens the patient portal calls the integration API with. */
export function portalTokensRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/portal-tokens',
      operationId: 'listPortalTokens',
      tag: 'portal-tokens',
      summary: 'The integration tokens, newest first (never the tokens themselves)',
      permission: { action: 'list', resource: 'portal-tokens' },
      response: z.array(portalTokenRecord),
      async handler({ res }) {
        const rows = await listPortalTokens(deps.knex);
        setContentRange(res, 'portal-tokens', 0, rows.length, { exact: rows.length });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/portal-tokens',
      operationId: 'createPortalToken',
      tag: 'portal-tokens',
      summary: 'Create a named token; the answer holds the token once',
      permission: { action: 'create', resource: 'portal-tokens' },
      body: createPortalTokenBody,
      response: createdPortalTokenRecord,
      responds: { status: 201, description: 'The token record with `token`, shown this once' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createPortalToken(deps.knex, actor, body.name));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/portal-tokens/:id/revoke',
      operationId: 'revokePortalToken',
      tag: 'portal-tokens',
      summary: 'Revoke a token at once',
      permission: { action: 'revoke', resource: 'portal-tokens' },
      params: z.object({ id: idParam }),
      response: portalTokenRecord,
      async handler({ res, actor, params }) {
        res.json(await revokePortalToken(deps.knex, actor, params.id));
      },
    }),
  ];
}
