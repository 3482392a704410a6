import { rateLimit } from 'express-rate-limit';
import { PgRateLimitStore } from '../../lib/rate-limit-store.ts';
import type { AppDeps } from '../../deps.ts';
import { tooManyRequests } from '../../lib/errors.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { completeResetBody, passwordLinkOwnerResult, passwordResetResult, verifyTokenBody } from './password-resets.schema.ts';
import { completePasswordReset, describeLink } from './password-resets.service.ts';

/** The public side of one-time password links: the token itself is the credential. */
export function passwordResetsRoutes(deps: AppDeps): RouteSpec[] {
  const linkLimit = rateLimit({
    windowMs: 5 * 60_000,
    limit: deps.limits.publicLinkRequestsPerAddress,
    // In PostgreSQL: every instance counts the same requests.
    store: new PgRateLimitStore(deps.knex, deps.clock, 'password-link:'),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(tooManyRequests('Too many attempts from this address. Wait a few minutes.', 300)),
  });
  return [
    defineRoute({
      method: 'post',
      path: '/password-resets/verify',
      operationId: 'verifyPasswordLink',
      tag: 'password-resets',
      summary: 'Check a one-time password link and say whose it is',
      permission: 'public',
      body: verifyTokenBody,
      before: [linkLimit],
      response: passwordLinkOwnerResult,
      errors: {
        404: 'link_invalid: the link was used, replaced by a newer one, or expired',
        429: 'too_many_requests: too many link requests from this address; see Retry-After',
      },
      async handler({ res, body }) {
        res.json(await describeLink(deps, body.token));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/password-resets/complete',
      operationId: 'completePasswordReset',
      tag: 'password-resets',
      summary: 'Choose a password with a one-time link (spends the link)',
      permission: 'public',
      body: completeResetBody,
      before: [linkLimit],
      response: passwordResetResult,
      errors: {
        400: 'validation_failed: a field is wrong; weak_password: the new password breaks a rule',
        404: 'link_invalid: the link was used, replaced by a newer one, or expired',
        429: 'too_many_requests: too many link requests from this address; see Retry-After',
      },
      async handler({ res, actor, body }) {
        res.json(await completePasswordReset(deps, actor, body));
      },
    }),
  ];
}
