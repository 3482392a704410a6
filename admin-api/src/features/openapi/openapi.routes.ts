import { z } from 'zod';
import { buildOpenApi } from '../../lib/openapi.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';

/** Serves the OpenAPI document of `routes` (the whole table, this route included). */
export function openApiRoutes(routes: () => RouteSpec[], publicUrl: string): RouteSpec[] {
  let document: unknown;
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getStaffApiDocument',
      tag: 'openapi',
      summary: 'This document: every route with the permission it requires',
      permission: 'public',
      response: z.looseObject({ openapi: z.string() }),
      handler({ res }) {
        document ??= buildOpenApi(routes(), {
          title: 'PortalDesk staff API',
          version: '1',
          description: "The staff console's API: a session cookie from POST /session, and the X-CSRF-Token header on every change.",
          serverUrl: `${publicUrl}/api`,
          audience: 'staff',
        });
        res.json(document);
      },
    }),
  ];
}
