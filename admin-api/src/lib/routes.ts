import type { Request, RequestHandler, Response, Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import { can, type Action, type Resource } from '../auth/policy.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { recordAudit, type Actor } from './audit.ts';
import type { AnonymousDenials } from './anonymous-denials.ts';
import type { Clock } from './clock.ts';
import { AppError, forbidden, unauthenticated } from './errors.ts';
import { parseListQuery, type ListQuery, type ListSpec } from './list-query.ts';
import { parseOrThrow } from './validation.ts';

/**
 * Who may call a route: a policy grant, any signed-in staff member, the patient portal with its
 * bearer token, or anyone (sign-in, health, one-time links). There is no default: a route
 * without one stops the app from starting.
 */
export type Permission = { action: Action; resource: Resource } | 'signed-in' | 'portal-token' | 'public';

/**
 * The error statuses a route may answer, besides those its spec implies (400 with a body, query,
 * list or path id; 401 and 403 unless public; 404 with a path id; 415 with an upload).
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 503;

export interface RouteContext<Body, Query, Params, Filter> {
  req: Request;
  res: Response;
  actor: Actor;
  /** The signed-in staff member; always set on routes of staff (not public, not portal). */
  staff: StaffPrincipal;
  /** The portal integration calling with its bearer token, on `portal-token` routes. */
  portal: PortalCaller;
  body: Body;
  query: Query;
  params: Params;
  list: ListQuery<Filter>;
}

// A route table holds routes of every body and query type; defineRoute keeps each handler's own types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface RouteSpec<Body = any, Query = any, Params = any, Filter = any> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under the API's base (/api or /portal-api/v1), e.g. `/patients/:id`. */
  path: string;
  /** The operation's name in the OpenAPI document and the console's types, e.g. `getPatient`. */
  operationId: string;
  summary: string;
  tag: string;
  permission: Permission;
  params?: z.ZodType<Params>;
  query?: z.ZodType<Query>;
  body?: z.ZodType<Body>;
  /**
   * The route takes a file instead of JSON: a raw body of this media type, or a multipart form of
   * a JSON part (`jsonPart`, described by `body`) and file parts (`filePart`); the handler reads
   * `req` itself. Any other Content-Type is a 415.
   */
  upload?: { mediaType: 'text/csv' } | { mediaType: 'multipart/form-data'; jsonPart?: string; filePart: string };
  /** A ra-data-simple-rest list: `sort`, `range` and `filter` parsed against this spec. */
  list?: ListSpec<z.ZodType<Filter>>;
  /** Middleware run before authentication, such as a rate limit that must act before hashing. */
  before?: RequestHandler[];
  /**
   * The JSON body of the success answer as it travels (instants as ISO strings). Tests check every
   * answer against it. Absent only when the answer has no JSON body (`responds.mediaType`, 204).
   */
  response?: z.ZodType;
  /** The success answer's status (200 unless said), what it means, and its media type when not JSON. */
  responds?: { status?: number; description: string; mediaType?: 'text/csv' | 'application/pdf, image/png or image/jpeg' };
  /** Error answers this route gives besides those its spec implies, each with when. */
  errors?: Partial<Record<ErrorStatus, string>>;
  /**
   * The handler reads and judges the body itself, though `body` documents it: a portal
   * activation with a malformed code must be refused, counted and paced like any other.
   */
  handlerValidatesBody?: boolean;
  handler(ctx: RouteContext<Body, Query, Params, Filter>): Promise<void> | void;
}

/** Declares a route; the generic parameters flow from the schemas into the handler. */
export function defineRoute<Body = undefined, Query = undefined, Params = undefined, Filter = undefined>(
  spec: RouteSpec<Body, Query, Params, Filter>,
): RouteSpec {
  return spec as RouteSpec;
}

const SAFE_METHODS = new Set(['get', 'head', 'options']);

/** Who is asking, for the audit trail. */
export function actorOf(req: Request, clock: Clock): Actor {
  return {
    staffUserId: req.user?.id ?? null,
    username: req.user?.username ?? null,
    roles: req.user?.roles ?? [],
    clientAddress: req.ip ?? null,
    requestId: String(req.id),
    clock,
  };
}

function csrfTokenMatches(req: Request): boolean {
  const expected = req.session?.csrfToken;
  const given = req.get('X-CSRF-Token');
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The reason a signed-in session ended, set by the session guard for this request. */
export function sessionEndReason(req: Request): string | undefined {
  return (req as Request & { sessionEnded?: string }).sessionEnded;
}

/** Printable characters only, and few of them: what an unvalidated path id may leave in the audit trail. */
const MAX_UNVALIDATED_ID = 32;

/**
 * The id a denied request named, for its audit row: the validated id when the path parses, else
 * a short printable prefix of what was sent, so a 15,000-character id is never stored whole.
 */
function deniedResourceId(route: RouteSpec, req: Request): string | null {
  const raw = (req.params as Record<string, string>).id;
  if (raw === undefined) return null;
  const parsed = route.params?.safeParse(req.params);
  if (parsed?.success) return String((parsed.data as { id?: unknown }).id ?? null);
  const printable = raw.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > MAX_UNVALIDATED_ID ? `${printable.slice(0, MAX_UNVALIDATED_ID)}…` : printable;
}

/** The patient portal as it calls: its token's id and name, and the patient's own address. */
export interface PortalCaller {
  tokenId: number;
  tokenName: string;
  patientAddress: string;
}

interface Guards {
  knex: Knex;
  anonymousDenials: AnonymousDenials;
  /** Answers the portal calling with a valid bearer token, or undefined. Required for `portal-token` routes. */
  authenticatePortal?: (req: Request) => Promise<PortalCaller | undefined>;
  /** Checks every JSON answer against the route's `response` (tests): a mismatch is a 500. */
  checkResponses?: boolean;
}

const portalUnauthorized = () => new AppError(401, 'unauthorized', 'A valid portal token is required (Authorization: Bearer <token>).');

/** Who is calling from the portal, for the audit trail: the token's name and the patient's address. */
function portalActor(req: Request, caller: PortalCaller, clock: Clock): Actor {
  return { staffUserId: null, username: `portal:${caller.tokenName}`, roles: [], clientAddress: caller.patientAddress, requestId: String(req.id), clock };
}

/**
 * In tests, holds every JSON answer of a route to its declared `response`: the document and the
 * console's types are only as true as this check.
 */
function checkAnswers(route: RouteSpec, res: Response): void {
  const send = res.json.bind(res);
  res.json = (body: unknown) => {
    if (res.statusCode >= 300) return send(body);
    const where = `${route.method.toUpperCase()} ${route.path} (${route.operationId})`;
    if (!route.response) {
      process.stderr.write(`${where} answered JSON but declares no response schema\n`);
      throw new Error(`${where} answered JSON but declares no response schema`);
    }
    const wire: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
    const checked = route.response.safeParse(wire);
    if (!checked.success) {
      const problem = `${where} answered outside its response schema:\n${z.prettifyError(checked.error)}`;
      // Tests only: the error handler hides a 500's cause, and the test's author needs it.
      process.stderr.write(`${problem}\n`);
      throw new Error(problem);
    }
    return send(body);
  };
}

async function authorize(route: RouteSpec, req: Request, actor: Actor, { knex, anonymousDenials }: Guards): Promise<void> {
  if (route.permission === 'public' || route.permission === 'portal-token') return;
  const deny = async (error: AppError) => {
    const entry = {
      action: typeof route.permission === 'object' ? route.permission.action : 'access',
      resource: typeof route.permission === 'object' ? route.permission.resource : route.tag,
      resourceId: deniedResourceId(route, req),
      outcome: 'denied' as const,
      details: { method: route.method.toUpperCase(), route: route.path, status: error.status, reason: error.code },
    };
    await (req.user ? recordAudit(knex, actor, entry) : anonymousDenials.record(actor, entry));
    throw error;
  };
  if (!req.user) {
    const ended = sessionEndReason(req);
    await deny(ended ? unauthenticated(ended, 'session_expired') : unauthenticated());
  }
  if (typeof route.permission === 'object' && !can(req.user!.roles, route.permission.action, route.permission.resource)) {
    await deny(forbidden(`Your role does not allow ${route.permission.action} on ${route.permission.resource}.`));
  }
  if (!SAFE_METHODS.has(route.method) && !csrfTokenMatches(req)) {
    await deny(new AppError(403, 'csrf_failed', 'This request lacks a valid X-CSRF-Token header. Reload the page and try again.'));
  }
}

/** `METHOD /path` patterns (path parameters match one segment) of every route taking a file body, for the JSON-only guard to let through. */
export function uploadRouteMatchers(routes: RouteSpec[]): RegExp[] {
  return routes.filter((route) => route.upload).map((route) => new RegExp(`^${route.method.toUpperCase()} ${route.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`));
}

/**
 * Mounts the route table. Refuses to start when a route does not declare who may call it, so a
 * forgotten check can never ship as an open door.
 */
export function mountRoutes(router: Router, routes: RouteSpec[], guards: Guards & { clock: Clock }): void {
  const { clock, authenticatePortal, checkResponses } = guards;
  const seen = new Set<string>();
  const operationIds = new Set<string>();
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} ${route.path}`;
    if (!route.permission) throw new Error(`Route ${key} declares no permission; refusing to start.`);
    if (seen.has(key)) throw new Error(`Route ${key} is declared twice.`);
    if (!route.operationId || operationIds.has(route.operationId)) throw new Error(`Route ${key} needs an operationId of its own.`);
    if (route.permission === 'portal-token' && !authenticatePortal) throw new Error(`Route ${key} needs the portal's token check.`);
    seen.add(key);
    operationIds.add(route.operationId);
    const pipeline: RequestHandler = async (req, res) => {
      let actor = actorOf(req, clock);
      let portal: PortalCaller | undefined;
      if (route.permission === 'portal-token') {
        portal = await authenticatePortal!(req);
        if (!portal) throw portalUnauthorized();
        actor = portalActor(req, portal, clock);
      }
      await authorize(route, req, actor, guards);
      if (checkResponses) checkAnswers(route, res);
      if (route.upload && !req.is(route.upload.mediaType)) {
        throw new AppError(415, 'unsupported_media_type', `Send the file as ${route.upload.mediaType}.`);
      }
      // Files are spooled as they arrive; a compressed one would be read as its compressed bytes.
      if (route.upload && (req.get('Content-Encoding') ?? 'identity').toLowerCase() !== 'identity') {
        throw new AppError(415, 'unsupported_encoding', 'Send the file uncompressed (no Content-Encoding).');
      }
      await route.handler({
        req,
        res,
        actor,
        staff: req.user!,
        portal: portal!,
        params: route.params ? parseOrThrow(route.params, req.params, 'address') : req.params,
        query: route.query ? parseOrThrow(route.query, req.query, 'query') : req.query,
        body: route.body && !route.upload ? (route.handlerValidatesBody ? req.body : parseOrThrow(route.body, req.body ?? {}, 'request body')) : undefined,
        list: route.list ? parseListQuery(req.query as Record<string, unknown>, route.list) : (undefined as never),
      });
    };
    router[route.method](route.path, ...(route.before ?? []), pipeline);
  }
}
