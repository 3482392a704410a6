import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Knex } from '@portaldesk/db';
import { SessionCache } from './auth/session-cache.ts';
import { installAuth } from './auth/sessions.ts';
import { SignInThrottle } from './auth/sign-in-throttle.ts';
import type { AppDeps } from './deps.ts';
import { activationCodesRoutes } from './features/activation-codes/activation-codes.routes.ts';
import { auditEventsRoutes } from './features/audit-events/audit-events.routes.ts';
import { businessHolidaysRoutes } from './features/business-holidays/business-holidays.routes.ts';
import { deskLocationsRoutes } from './features/desk-locations/desk-locations.routes.ts';
import { healthRoutes, type Lifecycle } from './features/health/health.routes.ts';
import { jobsRoutes } from './features/jobs/jobs.routes.ts';
import { identityCheckFailuresRoutes } from './features/identity-check-failures/identity-check-failures.routes.ts';
import { openApiRoutes } from './features/openapi/openapi.routes.ts';
import { passwordResetsRoutes } from './features/password-resets/password-resets.routes.ts';
import { patientAccessLedgerRoutes } from './features/patient-access-ledger/patient-access-ledger.routes.ts';
import { patientsRoutes } from './features/patients/patients.routes.ts';
import { portalAccountsRoutes } from './features/portal-accounts/portal-accounts.routes.ts';
import { portalTokensRoutes } from './features/portal-tokens/portal-tokens.routes.ts';
import { roleChangesRoutes } from './features/role-changes/role-changes.routes.ts';
import { sessionRoutes } from './features/session/session.routes.ts';
import { proxyRequestsRoutes } from './features/proxy-requests/proxy-requests.routes.ts';
import { proxyRelationshipsRoutes } from './features/proxy-relationships/proxy-relationships.routes.ts';
import { proxyAgeTiersRoutes } from './features/proxy-age-tiers/proxy-age-tiers.routes.ts';
import { documentsRoutes } from './features/documents/documents.routes.ts';
import { demographicChangeRequestsRoutes } from './features/demographic-change-requests/demographic-change-requests.routes.ts';
import { patientHistoryRoutes } from './features/patient-history/patient-history.routes.ts';
import { demographicsRoutes } from './features/demographics/demographics.routes.ts';
import { settingsRoutes } from './features/settings/settings.routes.ts';
import { staffUsersRoutes } from './features/staff-users/staff-users.routes.ts';
import { JobQueue } from './jobs/job-queue.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { AnonymousDenials } from './lib/anonymous-denials.ts';
import { pruneRateLimitCounters } from './lib/rate-limit-store.ts';
import { AppError, errorHandler } from './lib/errors.ts';
import { serveConsole } from './lib/console-files.ts';
import { createLogger } from './lib/logger.ts';
import { requestLog } from './lib/request-log.ts';
import { mountRoutes, uploadRouteMatchers, type RouteSpec } from './lib/routes.ts';
import { portalRouter, portalRoutes } from './portal/portal.routes.ts';
import { resultsRoutes } from './features/results/results.routes.ts';
import { resultCategoriesRoutes } from './features/result-categories/result-categories.routes.ts';
import { serviceLocationsRoutes } from './features/service-locations/service-locations.routes.ts';
import { guarantorAccountsRoutes } from './features/guarantor-accounts/guarantor-accounts.routes.ts';
import { messageThreadsRoutes } from './features/message-threads/message-threads.routes.ts';
import { savedRepliesRoutes } from './features/saved-replies/saved-replies.routes.ts';
import { pruneRedemptionThrottles } from './portal/redemption-throttle.ts';
import { SettingsStore } from './lib/settings.ts';
import { BusinessCalendarStore } from './lib/business-calendar.ts';

export interface BuildAppOptions {
  knex: Knex;
  sessionSecret: string;
  publicUrl: string;
  logger?: Logger;
  clock?: Clock;
  secureCookies?: boolean;
  trustProxy?: boolean | number | string;
  /** The built console (admin-ui/dist); served at / when present. */
  uiDirectory?: string;
  limits?: Partial<AppDeps['limits']>;
  settingsCacheMs?: number;
  /** Check every JSON answer against its route's declared response schema (tests). */
  checkResponses?: boolean;
  /**
   * Reuse each session read for up to `maxAgeMs`, forgotten at once when the database announces a
   * change (LISTEN on `connectionString`, a direct connection). Omitted: every request reads it.
   */
  sessionCache?: { connectionString: string; maxAgeMs: number };
}

export interface BuiltApp {
  app: Express;
  /** The staff API's route table, mounted at /api. */
  routes: RouteSpec[];
  /** The portal integration API's route table, mounted at /portal-api/v1. */
  portalRoutes: RouteSpec[];
  deps: AppDeps;
  /** Deletes expired sessions and spent throttle counts; run now and then, off the request path. */
  housekeeping(): Promise<void>;
  /** Writes what is held in memory for the audit trail (tallies of anonymous denials). */
  flush(): Promise<void>;
  /**
   * Shutting down: readiness answers 503 so the balancer takes this instance out, and every
   * answer from now on closes its connection, so clients reconnect to another instance.
   */
  startDraining(): void;
  /** Stops what the app runs beside its requests (the session cache's listening connection). */
  close(): Promise<void>;
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
  next();
};

/** State-changing API calls speak JSON only, which also keeps plain HTML forms from reaching them. */
const jsonOnly =
  (uploadRoutes: RegExp[]): RequestHandler =>
  (req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    // File uploads check their own media type once routed (see RouteSpec.upload).
    if (hasBody && !req.is('application/json') && !uploadRoutes.some((route) => route.test(`${req.method} ${req.path}`))) {
      return next(new AppError(415, 'unsupported_media_type', 'Send the request body as application/json.'));
    }
    next();
  };

/** Builds the express app: one mount table, the error handler last. */
export function buildApp(options: BuildAppOptions): BuiltApp {
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const settings = new SettingsStore(options.knex, options.settingsCacheMs);
  const deps: AppDeps = {
    knex: options.knex,
    settings,
    calendar: new BusinessCalendarStore(options.knex, settings, options.settingsCacheMs),
    clock,
    logger,
    jobs: new JobQueue(options.knex, logger),
    publicUrl: options.publicUrl,
    // A key of its own for pseudonyms, derived from the secret every instance already shares.
    pseudonymKey: createHmac('sha256', options.sessionSecret).update('portaldesk pseudonyms').digest('hex'),
    limits: { failedSignInsPerAddress: 100, publicLinkRequestsPerAddress: 30, activationRefusalPaceMs: 400, signInEventPaceMs: 100, ...options.limits },
  };
  const signInThrottle = new SignInThrottle(options.knex, settings, clock);
  const anonymousDenials = new AnonymousDenials(options.knex, clock, logger);

  const lifecycle: Lifecycle = { draining: false };

  const app = express();
  app.disable('x-powered-by');
  // Answers are never cached (no-store), so an ETag (a SHA-1 of every body) would serve nothing.
  app.set('etag', false);
  app.set('trust proxy', options.trustProxy ?? false);
  app.use((_req, res, next) => {
    if (lifecycle.draining) res.set('Connection', 'close');
    next();
  });
  app.use(requestLog(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // MUI writes its styles at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          // Over plain http (the local demo) upgrading would point the page's assets at nothing.
          upgradeInsecureRequests: options.secureCookies ? [] : null,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: options.secureCookies ? undefined : false,
    }),
  );

  // The patient portal's own API: bearer tokens, no session, no cookies.
  const portal = portalRoutes(deps);
  app.use('/portal-api/v1', noStore, portalRouter(deps, portal, { anonymousDenials, checkResponses: options.checkResponses }));

  const routes: RouteSpec[] = [];
  // Filled once the route table exists, below; requests arrive only after that.
  const uploadRoutes: RegExp[] = [];
  app.use('/api', noStore, express.json({ limit: '100kb' }), jsonOnly(uploadRoutes));
  // Balancers probe health every second or so; a probe needs no session, and the session
  // middleware would give each one a new session id and hash it.
  const probes = healthRoutes(deps, lifecycle);
  const probeRouter = express.Router();
  mountRoutes(probeRouter, probes, { knex: options.knex, clock, anonymousDenials, checkResponses: options.checkResponses });
  app.use('/api', probeRouter);
  const sessionCache = options.sessionCache && options.sessionCache.maxAgeMs > 0 ? new SessionCache({ ...options.sessionCache, logger }) : undefined;
  const auth = installAuth(app, {
    sessionCache,
    knex: options.knex,
    settings,
    clock,
    sessionSecret: options.sessionSecret,
    secureCookies: options.secureCookies ?? false,
  });

  routes.push(
    ...probes,
    ...sessionRoutes(deps, auth, signInThrottle),
    ...passwordResetsRoutes(deps),
    ...patientsRoutes(deps),
    ...activationCodesRoutes(deps),
    ...portalAccountsRoutes(deps),
    ...identityCheckFailuresRoutes(deps),
    ...portalTokensRoutes(deps),
    ...patientAccessLedgerRoutes(deps),
    ...staffUsersRoutes(deps),
    ...auditEventsRoutes(deps),
    ...roleChangesRoutes(deps),
    ...settingsRoutes(deps),
    ...businessHolidaysRoutes(deps),
    ...deskLocationsRoutes(deps),
    ...jobsRoutes(deps),
    ...proxyRequestsRoutes(deps),
    ...proxyRelationshipsRoutes(deps),
    ...proxyAgeTiersRoutes(deps),
    ...documentsRoutes(deps),
    ...demographicChangeRequestsRoutes(deps),
    ...patientHistoryRoutes(deps),
    ...demographicsRoutes(deps),
    ...resultsRoutes(deps),
    ...resultCategoriesRoutes(deps),
    ...serviceLocationsRoutes(deps),
    ...guarantorAccountsRoutes(deps),
    ...messageThreadsRoutes(deps),
    ...savedRepliesRoutes(deps),
    ...openApiRoutes(() => routes, options.publicUrl),
  );
  uploadRoutes.push(...uploadRouteMatchers(routes));
  const api = express.Router();
  // The probes are in the route table (OpenAPI) but already mounted ahead of the session.
  const behindSession = routes.filter((route) => !probes.includes(route));
  mountRoutes(api, behindSession, { knex: options.knex, clock, anonymousDenials, checkResponses: options.checkResponses });
  app.use('/api', api);
  app.use('/api', (_req, _res, next) => next(new AppError(404, 'no_such_route', 'No such API route.')));

  // The console's files go out precompressed; API answers never are (BREACH: see serveConsole).
  if (options.uiDirectory && existsSync(path.join(options.uiDirectory, 'index.html'))) {
    app.use(serveConsole(options.uiDirectory));
  }
  app.use(errorHandler(logger));
  return {
    app,
    routes,
    portalRoutes: portal,
    deps,
    async housekeeping() {
      await auth.store.prune();
      await signInThrottle.prune();
      await pruneRedemptionThrottles(options.knex, clock());
      await pruneRateLimitCounters(options.knex, clock());
    },
    flush: () => anonymousDenials.flush(),
    startDraining() {
      lifecycle.draining = true;
    },
    close: async () => sessionCache?.stop(),
  };
}
