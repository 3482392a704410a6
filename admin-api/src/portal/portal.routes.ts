import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../lib/audit.ts';
import type { Clock } from '../lib/clock.ts';
import { AppError, tooManyRequests } from '../lib/errors.ts';
import { fieldErrorsOf, parseOrThrow, refuseControlCharacters } from '../lib/validation.ts';
import { redemptionBody } from '../features/activation-codes/activation-codes.schema.ts';
import { redeemActivationCode, usernameTaken } from '../features/activation-codes/activation-codes.service.ts';
import { authenticatePortalToken } from '../features/portal-tokens/portal-tokens.service.ts';
import {
  identityCheckFailureBody,
  passwordResetBody,
  recordIdentityCheckFailure,
  recordSignInEvent,
  signInEventBody,
  spendPortalPasswordReset,
} from './portal-reports.ts';
import { ACTIVATION_REFUSED } from './activation-refused.ts';
import { portalOpenApiDocument } from './portal-openapi.ts';
import { refundRedemptionAttempt, reserveRedemptionAttempt } from './redemption-throttle.ts';


/** The patient's own address as the portal reports it (an IP address), else the caller's. */
function patientAddressOf(req: Request): string {
  const reported = req.get('X-Patient-Address')?.trim();
  return reported && isIP(reported) ? reported : (req.ip ?? '0.0.0.0');
}

/** Waits until `pacedMs` after `arrivedAt` (performance.now()), so every answer of a kind leaves at the same time. */
async function keepPace(arrivedAt: number, pacedMs: number): Promise<void> {
  const wait = arrivedAt + pacedMs - performance.now();
  if (wait > 0) await setTimeout(wait);
}

const unauthorized = () => new AppError(401, 'unauthorized', 'A valid portal token is required (Authorization: Bearer <token>).');

interface PortalRequest extends Request {
  portalClient?: { id: number; name: string };
}

/** Who is calling, for the audit trail: the token's name and the patient's address. */
function portalActor(req: PortalRequest, patientAddress: string, clock: Clock): Actor {
  return { staffUserId: null, username: `portal:${req.portalClient!.name}`, roles: [], clientAddress: patientAddress, requestId: String(req.id), clock };
}

/**
 * The integration API the patient portal calls with a bearer token, mounted at /portal-api/v1.
 * The portal passes the patient's own address in `X-Patient-Address`, so limits apply per
 * patient device rather than to the portal server as a whole.
 */
export function portalRouter(deps: AppDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '10kb' }));
  // The API's one rule for text, before any field is looked at (a NUL never reaches PostgreSQL).
  router.use((req, _res, next) => {
    refuseControlCharacters(req.body ?? {});
    next();
  });
  // The document describes the API; it holds nothing a token protects.
  router.get('/openapi.json', (_req, res) => {
    res.json(portalOpenApiDocument(deps.publicUrl));
  });
  router.use((req: PortalRequest, _res, next) => {
    const [scheme, token] = (req.get('Authorization') ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return next(unauthorized());
    authenticatePortalToken(deps.knex, token, deps.clock()).then((client) => {
      if (!client) return next(unauthorized());
      req.portalClient = client;
      next();
    }, next);
  });

  router.post('/activations', async (req: PortalRequest, res: Response) => {
    const arrivedAt = performance.now();
    const refuse = async () => {
      // Refusals leave at one pace: a live code's checks (row locks, counts) take longer than an unknown one's.
      await keepPace(arrivedAt, deps.limits.activationRefusalPaceMs);
      res.status(ACTIVATION_REFUSED.status).json(ACTIVATION_REFUSED.body);
    };
    const parsed = redemptionBody.safeParse(req.body ?? {});
    const fieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
    if (fieldErrors.username) throw new AppError(400, 'invalid_request', `username ${fieldErrors.username}.`, { username: fieldErrors.username });
    const patientAddress = patientAddressOf(req);
    const device = `${req.portalClient!.id}:${patientAddress}`;
    const wait = await reserveRedemptionAttempt(deps.knex, device, deps.clock());
    if (wait > 0) throw tooManyRequests('Too many failed activations from this device. Try again later.', wait);
    if (!parsed.success) {
      // A malformed code or birth date is a refusal like any other, and counts as one.
      await refuse();
      return;
    }
    const result = await redeemActivationCode(deps, portalActor(req, patientAddress, deps.clock), { ...parsed.data, device });
    if (result.ok || result.reason === 'username_taken') await refundRedemptionAttempt(deps.knex, device);
    if (result.ok) {
      const { mrn } = await deps.knex('patients').first('mrn').where({ id: result.account.patientId });
      res.status(201).json({ account: { id: result.account.id, username: result.account.username, status: 'active', mrn } });
      return;
    }
    if (result.reason === 'username_taken') throw usernameTaken();
    await refuse();
  });

  router.post('/sign-in-events', async (req: PortalRequest, res: Response) => {
    const arrivedAt = performance.now();
    const body = parseOrThrow(signInEventBody, req.body ?? {}, 'request body');
    await recordSignInEvent(deps.knex, portalActor(req, patientAddressOf(req), deps.clock), body);
    // A known username costs a few more writes than an unknown one; the pace hides which it was.
    await keepPace(arrivedAt, deps.limits.signInEventPaceMs);
    res.status(202).json({ recorded: true });
  });

  router.post('/identity-check-failures', async (req: PortalRequest, res: Response) => {
    const body = parseOrThrow(identityCheckFailureBody, req.body ?? {}, 'request body');
    res.status(201).json(await recordIdentityCheckFailure(deps.knex, portalActor(req, patientAddressOf(req), deps.clock), body));
  });

  router.post('/password-resets/spend', async (req: PortalRequest, res: Response) => {
    const parsed = passwordResetBody.safeParse(req.body ?? {});
    const spent = parsed.success ? await spendPortalPasswordReset(deps.knex, portalActor(req, patientAddressOf(req), deps.clock), parsed.data.token) : undefined;
    if (!spent) throw new AppError(410, 'link_unusable', 'This password-reset link is unknown, used or expired. Ask portal support for a new one.');
    res.json({ account: spent });
  });

  router.use((_req, _res, next: NextFunction) => next(new AppError(404, 'no_such_route', 'No such portal API route.')));
  return router;
}
