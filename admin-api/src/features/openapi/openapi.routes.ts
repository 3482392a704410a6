import { buildOpenApi } from '../../lib/openapi.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';

/** Serves the OpenAPI document of `routes` (the whole table, this route included). */
export function openApiRoutes(routes: () => RouteSpec[]): RouteSpec[] {
  let document: unknown;
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      tag: 'openapi',
      summary: 'This document: every route with the permission it requires',
      permission: 'public',
      handler({ res }) {
        document ??= buildOpenApi(routes(), { title: 'PortalDesk staff API', version: '1', basePath: '/api' });
        res.json(document);
      },
    }),
  ];
}
