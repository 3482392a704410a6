import { z } from 'zod';
import { errorBodySchema } from './errors.ts';
import type { ErrorStatus, RouteSpec } from './routes.ts';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

function schemaOf(type: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return schema;
}

function permissionText(route: RouteSpec): string {
  if (route.permission === 'public') return 'public';
  if (route.permission === 'signed-in') return 'any signed-in staff member';
  if (route.permission === 'portal-token') return "the portal's bearer token";
  return `${route.permission.action} on ${route.permission.resource}`;
}

/** What each error status means wherever a route does not say more. */
const ERROR_MEANINGS: Record<ErrorStatus, string> = {
  400: 'A field is wrong; `errors` names each one',
  401: 'Not signed in, or the session ended',
  403: "The staff member's roles do not allow this, or the CSRF token is missing",
  404: 'No such record',
  409: 'The record changed or is in a state that does not allow this',
  410: 'The link or record is no longer usable',
  413: 'The upload is too large',
  415: 'The body is not of the media type this route takes',
  422: 'The request is well formed but cannot be carried out',
  423: 'Locked',
  429: 'Too many attempts; see Retry-After',
  503: 'Not available now; try again shortly',
};

/** The error statuses a route's spec implies, then those it declares. */
function errorsOf(route: RouteSpec): Partial<Record<ErrorStatus, string>> {
  const hasId = /:\w+/.test(route.path);
  const implied: Partial<Record<ErrorStatus, string>> = {};
  if (route.body || route.query || route.list || route.params) implied[400] = ERROR_MEANINGS[400];
  if (route.permission === 'portal-token') implied[401] = 'Missing, unknown or revoked portal token';
  else if (route.permission !== 'public') {
    implied[401] = ERROR_MEANINGS[401];
    implied[403] = ERROR_MEANINGS[403];
  }
  if (hasId) implied[404] = ERROR_MEANINGS[404];
  if (route.upload) implied[415] = `Send the file as ${route.upload.mediaType}, uncompressed`;
  return { ...implied, ...route.errors };
}

function parametersOf(route: RouteSpec, portal: boolean): unknown[] {
  const parameters: unknown[] = [];
  const pathSchema = route.params ? schemaOf(route.params, 'input') : undefined;
  for (const match of route.path.match(/:(\w+)/g) ?? []) {
    const name = match.slice(1);
    parameters.push({ name, in: 'path', required: true, schema: pathSchema?.properties?.[name] ?? { type: 'string' } });
  }
  if (route.query) {
    const query = schemaOf(route.query, 'input');
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema });
    }
  }
  if (route.list) {
    parameters.push(
      {
        name: 'sort',
        in: 'query',
        description: `JSON ["field","ASC"|"DESC"]; fields: ${route.list.sortable.join(', ') || 'none'}`,
        schema: { type: 'string' },
      },
      { name: 'range', in: 'query', description: 'JSON [first,last], inclusive', schema: { type: 'string' } },
      { name: 'filter', in: 'query', description: 'JSON object', content: { 'application/json': { schema: schemaOf(route.list.filter, 'input') } } },
    );
  }
  if (portal) parameters.push({ $ref: '#/components/parameters/PatientAddress' });
  return parameters;
}

function successOf(route: RouteSpec) {
  const status = route.responds?.status ?? 200;
  const description = route.responds?.description ?? 'Success';
  const headers = route.list ? { headers: { 'Content-Range': { description: '<resource> <first>-<last>/<total or *>', schema: { type: 'string' } } } } : {};
  if (route.responds?.mediaType) {
    const content = Object.fromEntries(route.responds.mediaType.split(/, | or /).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]));
    return { [status]: { description, ...headers, content } };
  }
  if (!route.response) return { [status]: { description, ...headers } };
  return { [status]: { description, ...headers, content: { 'application/json': { schema: schemaOf(route.response, 'output') } } } };
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  /** Where the routes are served, e.g. https://portaldesk.example.org/api. */
  serverUrl: string;
  /** The staff console's session cookie, or the portal's bearer token. */
  audience: 'staff' | 'portal';
}

/** A raw file body, or a multipart form of one JSON part (the route's `body`) and any number of file parts. */
function uploadSchema(route: RouteSpec): unknown {
  const upload = route.upload!;
  if (upload.mediaType !== 'multipart/form-data') return { type: 'string', contentMediaType: upload.mediaType };
  const properties: Record<string, unknown> = {
    [upload.filePart]: {
      type: 'array',
      items: { type: 'string', contentMediaType: 'application/octet-stream' },
      description: 'PDF, PNG or JPEG files, judged by their content; 10 MB each at most',
    },
  };
  if (route.body && upload.jsonPart) {
    properties[upload.jsonPart] = { ...schemaOf(route.body, 'input'), description: 'A JSON part (Content-Type: application/json)' };
    return { type: 'object', required: [upload.jsonPart], properties };
  }
  return { type: 'object', required: [upload.filePart], properties };
}

/** An OpenAPI 3.1 document generated from the same route table the server mounts. */
export function buildOpenApi(routes: RouteSpec[], info: OpenApiInfo) {
  const portal = info.audience === 'portal';
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const security = route.permission === 'public' ? [] : [{ [portal ? 'portalToken' : 'staffSession']: [] }];
    const csrf = !portal && route.method !== 'get' && route.permission !== 'public' ? ' Requires the X-CSRF-Token header.' : '';
    const errors = Object.entries(errorsOf(route)).map(([status, description]) => [
      status,
      description === ERROR_MEANINGS[Number(status) as ErrorStatus] ? { $ref: `#/components/responses/Error${status}` } : errorResponse(description!),
    ]);
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      description: `Permission: ${permissionText(route)}.${csrf}`,
      'x-permission': route.permission,
      security,
      parameters: parametersOf(route, portal && route.permission !== 'public'),
      ...(route.upload
        ? { requestBody: { required: true, content: { [route.upload.mediaType]: { schema: uploadSchema(route) } } } }
        : route.body
          ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } } }
          : {}),
      responses: { ...successOf(route), ...Object.fromEntries(errors) },
    };
  }
  const tags = [...new Set(routes.map((route) => route.tag))].sort().map((name) => ({ name, description: `The ${name} operations` }));
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description, license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } },
    servers: [{ url: info.serverUrl }],
    tags,
    paths,
    components: {
      securitySchemes: portal
        ? { portalToken: { type: 'http', scheme: 'bearer', description: 'A token an administrator creates on the Portal tokens page' } }
        : { staffSession: { type: 'apiKey', in: 'cookie', name: 'portaldesk.sid', description: 'Set by POST /session' } },
      schemas: { Error: schemaOf(errorBodySchema, 'output') },
      responses: Object.fromEntries(
        [
          ...new Set(
            routes.flatMap((route) =>
              Object.entries(errorsOf(route))
                .filter(([status, text]) => text === ERROR_MEANINGS[Number(status) as ErrorStatus])
                .map(([status]) => status),
            ),
          ),
        ]
          .sort()
          .map((status) => [`Error${status}`, errorResponse(ERROR_MEANINGS[Number(status) as ErrorStatus])]),
      ),
      ...(portal
        ? {
            parameters: {
              PatientAddress: {
                name: 'X-Patient-Address',
                in: 'header',
                required: false,
                description: 'The patient’s own IP address: limits apply per patient device',
                schema: { type: 'string' },
              },
            },
          }
        : {}),
    },
  };
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}
