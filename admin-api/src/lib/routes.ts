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
 * Who may call a route: a policy grant, any signed-in staff member, or anyone (sign-in, health,
 * one-time links). There is no default: a route without one stops the app from starting.
 */
export type Permission = { action: Action; resource: Resource } | 'signed-in' | 'public';

export interface RouteContext<Body, Query, Params, Filter> {
  req: Request;
  res: Response;
  actor: Actor;
  /** The signed-in staff member; always set unless the route is public. */
  staff: StaffPrincipal;
  body: Body;
  query: Query;
  params: Params;
  list: ListQuery<Filter>;
}

export interface RouteSpec<Body = any, Query = any, Params = any, Filter = any> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under /api, e.g. `/patients/:id`. */
  path: string;
  summary: string;
  tag: string;
  permission: Permission;
  params?: z.ZodType<Params>;
  query?: z.ZodType<Query>;
  body?: z.ZodType<Body>;
  /**
   * The route takes a file as its raw body of this media type instead of JSON; the handler reads
   * `req` itself. Any other Content-Type is a 415.
   */
  upload?: { mediaType: 'text/csv' };
  /** A ra-data-simple-rest list: `sort`, `range` and `filter` parsed against this spec. */
  list?: ListSpec<z.ZodType<Filter>>;
  /** Middleware run before authentication, such as a rate limit that must act before hashing. */
  before?: RequestHandler[];
  /** Documentation of the success answer for the OpenAPI document. */
  responds?: { status: number; description: string };
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

interface Guards {
  knex: Knex;
  anonymousDenials: AnonymousDenials;
}

async function authorize(route: RouteSpec, req: Request, actor: Actor, { knex, anonymousDenials }: Guards): Promise<void> {
  if (route.permission === 'public') return;
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
    await deny(
      ended
        ? unauthenticated(ended, 'session_expired')
        : unauthenticated(),
    );
  }
  if (typeof route.permission === 'object' && !can(req.user!.roles, route.permission.action, route.permission.resource)) {
    await deny(forbidden(`Your role does not allow ${route.permission.action} on ${route.permission.resource}.`));
  }
  if (!SAFE_METHODS.has(route.method) && !csrfTokenMatches(req)) {
    await deny(new AppError(403, 'csrf_failed', 'This request lacks a valid X-CSRF-Token header. Reload the page and try again.'));
  }
}

/** `METHOD /path` of every route taking a raw file body, for the JSON-only guard to let through. */
export function uploadRouteKeys(routes: RouteSpec[]): Set<string> {
  return new Set(routes.filter((route) => route.upload).map((route) => `${route.method.toUpperCase()} ${route.path}`));
}

/**
 * Mounts the route table. Refuses to start when a route does not declare who may call it, so a
 * forgotten check can never ship as an open door.
 */
export function mountRoutes(router: Router, routes: RouteSpec[], { knex, clock, anonymousDenials }: Guards & { clock: Clock }): void {
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method.toUpperCase()} ${route.path}`;
    if (!route.permission) throw new Error(`Route ${key} declares no permission; refusing to start.`);
    if (seen.has(key)) throw new Error(`Route ${key} is declared twice.`);
    seen.add(key);
    const pipeline: RequestHandler = async (req, res) => {
      const actor = actorOf(req, clock);
      await authorize(route, req, actor, { knex, anonymousDenials });
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
        params: route.params ? parseOrThrow(route.params, req.params, 'address') : req.params,
        query: route.query ? parseOrThrow(route.query, req.query, 'query') : req.query,
        body: route.body && !route.upload ? parseOrThrow(route.body, req.body ?? {}, 'request body') : undefined,
        list: route.list ? parseListQuery(req.query as Record<string, unknown>, route.list) : (undefined as never),
      });
    };
    router[route.method](route.path, ...(route.before ?? []), pipeline);
  }
}
