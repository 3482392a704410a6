import type { Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { PgRateLimitStore } from '../../lib/rate-limit-store.ts';
import type { AuthKit } from '../../auth/sessions.ts';
import { SignInThrottle } from '../../auth/sign-in-throttle.ts';
import { staffUsernameExists } from '../../auth/staff-lookup.ts';
import type { StaffPrincipal } from '../../auth/principal.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, tooManyRequests, unauthenticated } from '../../lib/errors.ts';
import { pseudonym } from '../../lib/token-hash.ts';
import { defineRoute, sessionEndReason, type RouteSpec } from '../../lib/routes.ts';
import type { AppDeps } from '../../deps.ts';
import { SESSION_COOKIE } from '../../auth/sessions.ts';
import { changePasswordBody, sessionInfo, signInBody } from './session.schema.ts';
import { changeOwnPassword, describeSession, newCsrfToken } from './session.service.ts';

function authenticate(kit: AuthKit, req: Request, res: Response): Promise<StaffPrincipal | false> {
  return new Promise((resolve, reject) => {
    kit.passport.authenticate('local', { session: false }, (error: unknown, user: StaffPrincipal | false) => (error ? reject(error) : resolve(user)))(
      req,
      res,
      reject,
    );
  });
}

function logIn(req: Request, user: StaffPrincipal): Promise<void> {
  // passport 0.7 regenerates the session id here: a planted cookie never becomes signed in.
  return new Promise((resolve, reject) => req.logIn(user, (error) => (error ? reject(error) : resolve())));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sessionRoutes(deps: AppDeps, kit: AuthKit, throttle: SignInThrottle): RouteSpec[] {
  const { knex, settings, clock } = deps;
  // Coarse per-address limit on failed attempts, checked before any hashing so sign-in cannot be
  // used to burn the server's CPU. Generous, because a hospital's staff often share one address.
  const failedSignInLimit = rateLimit({
    windowMs: 5 * 60_000,
    limit: deps.limits.failedSignInsPerAddress,
    // In PostgreSQL: every instance counts the same failures.
    store: new PgRateLimitStore(knex, clock, 'failed-sign-in:'),
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(tooManyRequests('Too many failed sign-ins from this address. Wait a few minutes.', 300)),
  });

  return [
    defineRoute({
      method: 'post',
      path: '/session',
      operationId: 'signIn',
      tag: 'session',
      summary: 'Sign in with username and password',
      permission: 'public',
      body: signInBody,
      before: [failedSignInLimit],
      response: sessionInfo,
      responds: { status: 201, description: 'Signed in; the same body as GET /session' },
      errors: {
        401: 'invalid_credentials: wrong username or password (a deactivated account, or one without a password yet, answers the same)',
        429: 'too_many_requests: too many failed sign-ins from this address, or for this account from this computer; see Retry-After',
      },
      async handler({ req, res, body, actor }) {
        const clientAddress = req.ip ?? 'unknown';
        // What was typed is kept only when it names a staff member; otherwise it may be a password.
        const account = (await staffUsernameExists(knex, body.username)) ? body.username : pseudonym(deps.pseudonymKey, body.username);
        const failedActor = { ...actor, username: account };
        const reservation = await throttle.reserve(account, clientAddress);
        if ('blockedForSeconds' in reservation) {
          await recordAudit(knex, failedActor, { action: 'sign-in', resource: 'session', outcome: 'denied', details: { reason: 'blocked' } });
          throw tooManyRequests(
            `Too many failed sign-ins for this account from this computer. Try again in ${Math.ceil(reservation.blockedForSeconds / 60)} minutes, or ask an administrator for a password link.`,
            reservation.blockedForSeconds,
          );
        }
        if ('busyForSeconds' in reservation) {
          await recordAudit(knex, failedActor, { action: 'sign-in', resource: 'session', outcome: 'denied', details: { reason: 'too_many_at_once' } });
          throw tooManyRequests(
            'Too many sign-in attempts for this account from this computer at once. Wait a moment, then try again.',
            reservation.busyForSeconds,
          );
        }
        if (reservation.delayMs) await sleep(reservation.delayMs);
        const user = await authenticate(kit, req, res);
        if (!user) {
          const blockedFor = await throttle.failed(reservation);
          await recordAudit(knex, failedActor, { action: 'sign-in', resource: 'session', outcome: 'failed', details: { reason: 'invalid_credentials' } });
          if (blockedFor)
            throw tooManyRequests(
              `Too many failed sign-ins for this account from this computer. Try again in ${Math.ceil(blockedFor / 60)} minutes.`,
              blockedFor,
            );
          throw new AppError(401, 'invalid_credentials', 'Wrong username or password.');
        }
        await throttle.succeeded(reservation);
        await logIn(req, user);
        const now = clock().getTime();
        req.session.signedInAt = now;
        req.session.lastSeenAt = now;
        req.session.csrfToken = newCsrfToken();
        // Saved before answering: express-session would otherwise send the headers (and the
        // cookie) while still saving, and a client using the cookie at once would find no session.
        await new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
        await knex('staff_users')
          .where({ id: user.id })
          .update({ last_sign_in_at: new Date(now) });
        await recordAudit(knex, { ...actor, staffUserId: user.id, username: user.username, roles: user.roles }, { action: 'sign-in', resource: 'session' });
        res.status(201).json(await describeSession(req, user, settings, clock));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/session',
      operationId: 'getSession',
      tag: 'session',
      summary: 'Who is signed in, what they may do, and the CSRF token',
      // Public so that "nobody" is an answer (401), not a denied request in the audit trail.
      permission: 'public',
      response: sessionInfo,
      errors: { 401: 'unauthenticated: nobody is signed in; session_expired: the session ended (idle or absolute limit), the message says which' },
      async handler({ req, res }) {
        if (!req.user) {
          const ended = sessionEndReason(req);
          throw ended ? unauthenticated(ended, 'session_expired') : unauthenticated();
        }
        res.json(await describeSession(req, req.user, settings, clock));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/session',
      operationId: 'signOut',
      tag: 'session',
      summary: 'Sign out: the session is destroyed on the server',
      permission: 'signed-in',
      responds: { status: 204, description: 'Signed out' },
      async handler({ req, res, actor }) {
        await recordAudit(knex, actor, { action: 'sign-out', resource: 'session' });
        await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/session/password',
      operationId: 'changeOwnPassword',
      tag: 'session',
      summary: 'Change your own password (the current one is required)',
      permission: 'signed-in',
      body: changePasswordBody,
      before: [failedSignInLimit],
      responds: { status: 204, description: 'Password changed; your other sessions ended' },
      errors: {
        400: 'validation_failed: a field is wrong; wrong_current_password: the current password is not right; weak_password: the new one breaks a rule',
        429: 'too_many_requests: too many failed attempts from this address; see Retry-After',
      },
      async handler({ req, res, actor, staff, body }) {
        await changeOwnPassword(deps, actor, staff, req.sessionID, body);
        res.status(204).end();
      },
    }),
  ];
}
