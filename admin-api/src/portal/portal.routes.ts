import { isIP } from 'node:net';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../deps.ts';
import type { Actor } from '../lib/audit.ts';
import { AppError, tooManyRequests } from '../lib/errors.ts';
import { fieldErrorsOf, parseOrThrow } from '../lib/validation.ts';
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
import { recordRedemptionFailure, redemptionWaitSeconds } from './redemption-throttle.ts';


/** The patient's own address as the portal reports it (an IP address), else the caller's. */
function patientAddressOf(req: Request): string {
  const reported = req.get('X-Patient-Address')?.trim();
  return reported && isIP(reported) ? reported : (req.ip ?? '0.0.0.0');
}

const unauthorized = () => new AppError(401, 'unauthorized', 'A valid portal token is required (Authorization: Bearer <token>).');

interface PortalRequest extends Request {
  portalClient?: { id: number; name: string };
}

/** Who is calling, for the audit trail: the token's name and the patient's address. */
function portalActor(req: PortalRequest, patientAddress: string): Actor {
  return { staffUserId: null, username: `portal:${req.portalClient!.name}`, roles: [], clientAddress: patientAddress, requestId: String(req.id) };
}

/**
 * The integration API the patient portal calls with a bearer token, mounted at /portal-api/v1.
 * The portal passes the patient's own address in `X-Patient-Address`, so limits apply per
 * patient device rather than to the portal server as a whole.
 */
export function portalRouter(deps: AppDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '10kb' }));
  // The document describes the API; it holds nothing a token protects.
  router.get('/openapi.json', (_req, res) => {
    res.json(portalOpenApiDocument(deps.publicUrl));
  });
  router.use((req: PortalRequest, _res, next) => {
    const [scheme, token] = (req.get('Authorization') ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return next(unauthorized());
    authenticatePortalToken(deps.knex, token).then((client) => {
      if (!client) return next(unauthorized());
      req.portalClient = client;
      next();
    }, next);
  });

  router.post('/activations', async (req: PortalRequest, res: Response) => {
    const parsed = redemptionBody.safeParse(req.body ?? {});
    const fieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
    if (fieldErrors.username) throw new AppError(400, 'invalid_request', `username ${fieldErrors.username}.`, { username: fieldErrors.username });
    const patientAddress = patientAddressOf(req);
    const clientKey = `${req.portalClient!.id}:${patientAddress}`;
    const now = deps.clock();
    const wait = await redemptionWaitSeconds(deps.knex, clientKey, now);
    if (wait > 0) throw tooManyRequests('Too many failed activations from this device. Try again later.', wait);
    if (!parsed.success) {
      // A malformed code or birth date is a refusal like any other.
      await recordRedemptionFailure(deps.knex, clientKey, now);
      res.status(ACTIVATION_REFUSED.status).json(ACTIVATION_REFUSED.body);
      return;
    }
    const result = await redeemActivationCode(deps, portalActor(req, patientAddress), parsed.data);
    if (result.ok) {
      const { mrn } = await deps.knex('patients').first('mrn').where({ id: result.account.patientId });
      res.status(201).json({ account: { id: result.account.id, username: result.account.username, status: 'active', mrn } });
      return;
    }
    if (result.reason === 'username_taken') throw usernameTaken();
    await recordRedemptionFailure(deps.knex, clientKey, now);
    res.status(ACTIVATION_REFUSED.status).json(ACTIVATION_REFUSED.body);
  });

  router.post('/sign-in-events', async (req: PortalRequest, res: Response) => {
    const body = parseOrThrow(signInEventBody, req.body ?? {}, 'request body');
    await recordSignInEvent(deps.knex, portalActor(req, patientAddressOf(req)), body, deps.clock());
    res.status(202).json({ recorded: true });
  });

  router.post('/identity-check-failures', async (req: PortalRequest, res: Response) => {
    const body = parseOrThrow(identityCheckFailureBody, req.body ?? {}, 'request body');
    res.status(201).json(await recordIdentityCheckFailure(deps.knex, portalActor(req, patientAddressOf(req)), body));
  });

  router.post('/password-resets/spend', async (req: PortalRequest, res: Response) => {
    const parsed = passwordResetBody.safeParse(req.body ?? {});
    const spent = parsed.success ? await spendPortalPasswordReset(deps.knex, portalActor(req, patientAddressOf(req)), parsed.data.token, deps.clock()) : undefined;
    if (!spent) throw new AppError(410, 'link_unusable', 'This password-reset link is unknown, used or expired. Ask portal support for a new one.');
    res.json({ account: spent });
  });

  router.use((_req, _res, next: NextFunction) => next(new AppError(404, 'no_such_route', 'No such portal API route.')));
  return router;
}
