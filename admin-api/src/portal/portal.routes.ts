import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import express, { type NextFunction, type Request, type Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { AnonymousDenials } from '../lib/anonymous-denials.ts';
import { AppError, tooManyRequests } from '../lib/errors.ts';
import { buildOpenApi } from '../lib/openapi.ts';
import { keepPace } from '../lib/pace.ts';
import { defineRoute, mountRoutes, type PortalCaller, type RouteSpec } from '../lib/routes.ts';
import { fieldErrorsOf, refuseControlCharacters } from '../lib/validation.ts';
import { redemptionBody, redeemedAccount } from '../features/activation-codes/activation-codes.schema.ts';
import { redeemActivationCode, usernameTaken } from '../features/activation-codes/activation-codes.service.ts';
import { identityCheckFailureBody, identityCheckReceived } from '../features/identity-check-failures/identity-check-failures.schema.ts';
import { recordIdentityCheckFailure } from '../features/identity-check-failures/identity-check-failures.service.ts';
import { openedPortalAccount, passwordResetSpendBody, signInEventBody, signInEventReceived } from '../features/portal-accounts/portal-accounts.schema.ts';
import { recordSignInEvent, spendPortalPasswordReset } from '../features/portal-accounts/portal-accounts.service.ts';
import { authenticatePortalToken } from '../features/portal-tokens/portal-tokens.service.ts';
import { proxyRelationshipPortalRoutes } from '../features/proxy-relationships/proxy-relationships.portal-routes.ts';
import { proxyRequestPortalRoutes } from '../features/proxy-requests/proxy-requests.portal-routes.ts';
import { demographicChangeRequestPortalRoutes } from '../features/demographic-change-requests/demographic-change-requests.portal-routes.ts';
import { resultPortalRoutes } from '../features/results/results.portal-routes.ts';
import { guarantorAccountPortalRoutes } from '../features/guarantor-accounts/guarantor-accounts.portal-routes.ts';
import { messageThreadPortalRoutes } from '../features/message-threads/message-threads.portal-routes.ts';
import { ACTIVATION_REFUSED } from './activation-refused.ts';
import { refundRedemptionAttempt, reserveRedemptionAttempt } from './redemption-throttle.ts';

/** The patient's own address as the portal reports it (an IP address), else the caller's. */
function patientAddressOf(req: Request): string {
  const reported = req.get('X-Patient-Address')?.trim();
  return reported && isIP(reported) ? reported : (req.ip ?? '0.0.0.0');
}

/** The portal integration's routes, each declaring the portal token as its permission. */
export function portalRoutes(deps: AppDeps): RouteSpec[] {
  let document: unknown;
  const routes: RouteSpec[] = [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getPortalApiDocument',
      tag: 'openapi',
      summary: 'This document',
      // It describes the API; it holds nothing a token protects.
      permission: 'public',
      response: z.looseObject({ openapi: z.string() }),
      handler({ res }) {
        document ??= portalOpenApiDocument(routes, deps.publicUrl);
        res.json(document);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/activations',
      operationId: 'redeemActivationCode',
      tag: 'activations',
      summary: 'Redeem an activation code: creates the active portal account',
      permission: 'portal-token',
      body: redemptionBody,
      handlerValidatesBody: true,
      response: redeemedAccount,
      responds: { status: 201, description: 'The new, active account' },
      errors: {
        400: 'invalid_request: the username is malformed (a malformed code or birth date is refused like any other)',
        409: 'username_taken: choose another username; the code stays usable',
        [ACTIVATION_REFUSED.status]: 'activation_refused: the same answer, at the same pace, for every kind of refusal',
        429: 'too_many_requests: too many failed activations from this device; see Retry-After',
      },
      async handler({ req, res, actor, portal }) {
        const arrivedAt = performance.now();
        const refuse = async () => {
          // Refusals leave at one pace: a live code's checks (row locks, counts) take longer than an unknown one's.
          await keepPace(arrivedAt, deps.limits.activationRefusalPaceMs);
          res.status(ACTIVATION_REFUSED.status).json(ACTIVATION_REFUSED.body);
        };
        const parsed = redemptionBody.safeParse(req.body ?? {});
        const fieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
        if (fieldErrors.username) throw new AppError(400, 'invalid_request', `username ${fieldErrors.username}.`, { username: fieldErrors.username });
        const device = `${portal.tokenId}:${portal.patientAddress}`;
        const wait = await reserveRedemptionAttempt(deps.knex, device, deps.clock());
        if (wait > 0) throw tooManyRequests('Too many failed activations from this device. Try again later.', wait);
        if (!parsed.success) {
          // A malformed code or birth date is a refusal like any other, and counts as one.
          await refuse();
          return;
        }
        const result = await redeemActivationCode(deps, actor, { ...parsed.data, device });
        if (result.ok || result.reason === 'username_taken') await refundRedemptionAttempt(deps.knex, device);
        if (result.ok) {
          const { mrn } = await deps.knex('patients').first('mrn').where({ id: result.account.patientId });
          res.status(201).json({ account: { id: result.account.id, username: result.account.username, status: 'active', mrn } });
          return;
        }
        if (result.reason === 'username_taken') throw usernameTaken();
        await refuse();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/sign-in-events',
      operationId: 'reportSignInEvent',
      tag: 'sign-in-events',
      summary: 'Report a portal sign-in success, failure or lock (an unknown username is answered alike)',
      permission: 'portal-token',
      body: signInEventBody,
      response: signInEventReceived,
      responds: { status: 202, description: 'Received (the same whether or not the username has an account)' },
      async handler({ res, actor, body }) {
        const arrivedAt = performance.now();
        await recordSignInEvent(deps.knex, actor, body);
        // A known username costs a few more writes than an unknown one; the pace hides which it was.
        await keepPace(arrivedAt, deps.limits.signInEventPaceMs);
        res.status(202).json({ recorded: true });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/identity-check-failures',
      operationId: 'reportIdentityCheckFailure',
      tag: 'identity-check-failures',
      summary: 'Report a failed identity check at self sign-up; support works the queue',
      permission: 'portal-token',
      body: identityCheckFailureBody,
      response: identityCheckReceived,
      responds: { status: 201, description: 'Queued for support; the answer never says whether it matched a patient' },
      async handler({ res, actor, body }) {
        res.status(201).json(await recordIdentityCheckFailure(deps.knex, actor, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/password-resets/spend',
      operationId: 'spendPasswordResetLink',
      tag: 'password-resets',
      summary: 'Spend a password-reset link support sent; answers whose account it opens, once',
      permission: 'portal-token',
      body: passwordResetSpendBody,
      // A malformed token is answered like an unknown one.
      handlerValidatesBody: true,
      response: openedPortalAccount,
      errors: { 410: 'link_unusable: unknown, used or expired link, or a deactivated account' },
      async handler({ req, res, actor }) {
        const parsed = passwordResetSpendBody.safeParse(req.body ?? {});
        const spent = parsed.success ? await spendPortalPasswordReset(deps.knex, actor, parsed.data.token) : undefined;
        if (!spent) throw new AppError(410, 'link_unusable', 'This password-reset link is unknown, used or expired. Ask portal support for a new one.');
        res.json({ account: spent });
      },
    }),
    ...proxyRequestPortalRoutes(deps),
    ...demographicChangeRequestPortalRoutes(deps),
    ...resultPortalRoutes(deps),
    ...proxyRelationshipPortalRoutes(deps),
    ...guarantorAccountPortalRoutes(deps),
    ...messageThreadPortalRoutes(deps),
  ];
  return routes;
}

/** The OpenAPI document of the portal integration API, served at /portal-api/v1/openapi.json. */
export function portalOpenApiDocument(routes: RouteSpec[], publicUrl: string) {
  return buildOpenApi(routes, {
    title: 'PortalDesk portal integration API',
    version: '1',
    description: 'Called by the patient portal with a bearer token an administrator creates in PortalDesk. Pass the patient’s IP address in X-Patient-Address.',
    serverUrl: `${publicUrl}/portal-api/v1`,
    audience: 'portal',
  });
}

/**
 * The integration API the patient portal calls with a bearer token, mounted at /portal-api/v1.
 * The portal passes the patient's own address in `X-Patient-Address`, so limits apply per
 * patient device rather than to the portal server as a whole.
 */
export function portalRouter(deps: AppDeps, routes: RouteSpec[], guards: { anonymousDenials: AnonymousDenials; checkResponses?: boolean }): Router {
  const router = express.Router();
  // A message of 10,000 characters may take six bytes a character, sent as \uXXXX escapes (60 kB).
  router.use(express.json({ limit: '64kb' }));
  // The API's one rule for text, before any field is looked at (a NUL never reaches PostgreSQL).
  router.use((req, _res, next) => {
    refuseControlCharacters(req.body ?? {});
    next();
  });
  const authenticatePortal = async (req: Request): Promise<PortalCaller | undefined> => {
    const [scheme, token] = (req.get('Authorization') ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return undefined;
    const client = await authenticatePortalToken(deps.knex, token, deps.clock());
    return client && { tokenId: client.id, tokenName: client.name, patientAddress: patientAddressOf(req) };
  };
  mountRoutes(router, routes, { knex: deps.knex, clock: deps.clock, authenticatePortal, ...guards });
  router.use((_req, _res, next: NextFunction) => next(new AppError(404, 'no_such_route', 'No such portal API route.')));
  return router;
}
