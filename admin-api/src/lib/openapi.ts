import { z } from 'zod';
import type { RouteSpec } from './routes.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(type: z.ZodType): JsonSchema {
  return z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function permissionText(route: RouteSpec): string {
  if (route.permission === 'public') return 'public';
  if (route.permission === 'signed-in') return 'any signed-in staff member';
  return `${route.permission.action} on ${route.permission.resource}`;
}

/** An OpenAPI 3.1 document generated from the same route table the server mounts. */
export function buildOpenApi(routes: RouteSpec[], info: { title: string; version: string; basePath: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = info.basePath + route.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const name of route.path.match(/:(\w+)/g) ?? []) {
      parameters.push({ name: name.slice(1), in: 'path', required: true, schema: { type: 'integer' } });
    }
    if (route.list) {
      parameters.push(
        { name: 'sort', in: 'query', description: `JSON ["field","ASC"|"DESC"]; fields: ${route.list.sortable.join(', ')}`, schema: { type: 'string' } },
        { name: 'range', in: 'query', description: 'JSON [first,last], inclusive', schema: { type: 'string' } },
        { name: 'filter', in: 'query', description: 'JSON object', content: { 'application/json': { schema: schemaOf(route.list.filter) } } },
      );
    }
    const security = route.permission === 'public' ? [] : [{ staffSession: [] }];
    const status = route.responds?.status ?? 200;
    paths[path] ??= {};
    paths[path][route.method] = {
      tags: [route.tag],
      summary: route.summary,
      'x-permission': route.permission,
      description: `Permission: ${permissionText(route)}.${route.method !== 'get' && route.permission !== 'public' ? ' Requires the X-CSRF-Token header.' : ''}`,
      security,
      parameters,
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } } : {}),
      responses: {
        [status]: {
          description: route.responds?.description ?? 'Success',
          ...(route.list ? { headers: { 'Content-Range': { description: '<resource> <first>-<last>/<total or *>', schema: { type: 'string' } } } } : {}),
        },
        ...(route.body || route.list || route.params ? { 400: { $ref: '#/components/responses/BadRequest' } } : {}),
        ...(route.permission === 'public' ? {} : { 401: { $ref: '#/components/responses/Unauthenticated' }, 403: { $ref: '#/components/responses/Forbidden' } }),
        ...(route.params ? { 404: { $ref: '#/components/responses/NotFound' } } : {}),
      },
    };
  }
  const error = {
    type: 'object',
    required: ['code', 'message', 'requestId'],
    properties: {
      code: { type: 'string' },
      message: { type: 'string' },
      requestId: { type: 'string' },
      errors: { type: 'object', additionalProperties: true, description: "Field messages in react-admin's shape" },
    },
  };
  const response = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    paths,
    components: {
      securitySchemes: {
        staffSession: { type: 'apiKey', in: 'cookie', name: 'portaldesk.sid', description: 'Set by POST /api/session' },
      },
      schemas: { Error: error },
      responses: {
        BadRequest: response('A field is wrong; `errors` names each one'),
        Unauthenticated: response('Not signed in, or the session ended'),
        Forbidden: response("The staff member's roles do not allow this, or the CSRF token is missing"),
        NotFound: response('No such record'),
      },
    },
  };
}
