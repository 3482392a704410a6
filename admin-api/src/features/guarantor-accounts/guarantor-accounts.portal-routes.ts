import { performance } from 'node:perf_hooks';
import type { AppDeps } from '../../deps.ts';
import { badRequest, tooManyRequests } from '../../lib/errors.ts';
import { keepPace } from '../../lib/pace.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { GUEST_LOOKUP_MAX_CHARACTERS, guestLookupAnswer, guestLookupBody } from './guarantor-accounts.schema.ts';
import { lookUpAsGuest } from './guarantor-accounts.service.ts';

/**
 * Every lookup that finds nothing a guest may pay gets exactly this answer, whatever was wrong
 * (unknown number, wrong name, closed account, a value that cannot be an account): the portal
 * must not help anyone learn which account numbers exist. Staff see the reason in the audit log.
 */
export const GUEST_LOOKUP_MISS = {
  status: 404,
  body: {
    code: 'guest_lookup_miss',
    message: 'No open account matches this account number and last name. Check both against the statement, or call the billing office on it.',
  },
} as const;

/**
 * A hit and a miss both leave this long after the lookup arrived: a hit's audit rows, or a known
 * number's name check, must not show in the timing. Comfortably above what the work takes.
 */
export const GUEST_LOOKUP_PACE_MS = 250;

/** The portal's guest payment lookup. */
export function guarantorAccountPortalRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/guest-payment-lookups',
      operationId: 'lookUpGuestPayment',
      tag: 'guest-payment-lookups',
      summary: 'A guest (not signed in) looks up an account to pay by its number and the guarantor’s last name: the balance and whether Pay Now is offered',
      permission: 'portal-token',
      body: guestLookupBody,
      // A malformed number or name is a miss like any other, counted and paced as one.
      handlerValidatesBody: true,
      response: guestLookupAnswer,
      errors: {
        400: 'invalid_request: a field is far longer than any account number or name (named)',
        404: 'guest_lookup_miss: the same answer, at the same pace, for every kind of miss',
        429: 'too_many_requests: too many lookups from this device, or of this account number; see Retry-After',
      },
      async handler({ req, res, actor, portal }) {
        const arrivedAt = performance.now();
        const body: Record<string, unknown> = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
        for (const [field, max] of Object.entries(GUEST_LOOKUP_MAX_CHARACTERS)) {
          const value = body[field];
          if (typeof value === 'string' && value.length > max) {
            throw badRequest(`${field} is too long: at most ${max} characters.`, { [field]: `is too long: at most ${max} characters` });
          }
        }
        const outcome = await lookUpAsGuest(deps, actor, `${portal.tokenId}:${portal.patientAddress}`, body);
        if (outcome.kind === 'limited') {
          const what = outcome.by === 'device' ? 'from this device' : 'of this account number';
          throw tooManyRequests(`Too many payment lookups ${what}. Try again later.`, outcome.retryAfterSeconds);
        }
        await keepPace(arrivedAt, GUEST_LOOKUP_PACE_MS);
        if (outcome.kind === 'miss') res.status(GUEST_LOOKUP_MISS.status).json(GUEST_LOOKUP_MISS.body);
        else res.json(outcome.answer);
      },
    }),
  ];
}
