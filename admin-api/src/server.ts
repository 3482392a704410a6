import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeConnectionRole, EmbeddedPostgresError, SchemaNotReadyError, openDatabase, repoRoot, type Database } from '@portaldesk/db';
import { buildApp, type BuiltApp } from './app.ts';
import { sharedServerSecret } from './auth/server-secrets.ts';
import { loadConfig, trustProxySetting, type Config } from './config.ts';
import type { Logger } from 'pino';
import { demoPassword, seedDemoIfEmpty } from './demo/demo-install.ts';
import { ROLES } from './auth/policy.ts';
import { addComingFederalHolidays } from './features/business-holidays/business-holidays.service.ts';
import { commandLineActor } from './lib/audit.ts';
import { systemClock } from './lib/clock.ts';
import type { Settings } from './lib/settings.ts';
import { createLogger } from './lib/logger.ts';
import { jobHandlers, startJobWorkers } from './jobs/workers.ts';
import { logSender } from './outbox/outbox.ts';
import { countDataOnHand, startupBanner, type BannerFacts } from './startup-banner.ts';

const DRAIN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const dataDir = config.DATA_DIR ? path.resolve(config.DATA_DIR) : path.join(repoRoot, '.data');

  let db: Database;
  try {
    db = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      migrationDatabaseUrl: config.MIGRATION_DATABASE_URL,
      dataDir,
      poolMax: config.DATABASE_POOL_MAX,
      onPoolError: (error) => logger.warn({ err: { type: error.name, code: (error as { code?: string }).code } }, 'database connection error'),
    });
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) {
      console.error(`\nPortalDesk could not start its embedded PostgreSQL.\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  try {
    await serve(config, logger, db, dataDir);
  } catch (error) {
    // Never leave an embedded server running behind a failed start.
    await db.close().catch(() => undefined);
    if (error instanceof SchemaNotReadyError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Brings the schema up to date: the embedded database always (it is ours); an external one only
 * with MIGRATE_ON_START=true, as the schema owner (MIGRATION_DATABASE_URL, else DATABASE_URL's
 * role). Otherwise pending migrations refuse the start, with what to run.
 */
async function prepareSchema(db: Database, config: Config, logger: Logger): Promise<void> {
  const result = await db.prepare(systemClock(), { migrateOnStart: config.MIGRATE_ON_START });
  if (result?.applied.length) logger.info({ migrations: result.applied.length }, 'migrations applied');
  if (result && !result.appRole.granted) logger.warn({ reason: result.appRole.reason }, 'no app role: see README, "Database roles"');
}

/** Says loudly when the API could rewrite its own audit trail (see README, "Database roles"). */
async function warnAboutOverprivilegedRole(db: Database, logger: Logger): Promise<string[] | undefined> {
  const { role, superuser, ownsAuditTrail } = await describeConnectionRole(db.knex);
  if (!superuser && !ownsAuditTrail) return undefined;
  const why = superuser ? 'is a superuser' : 'owns the audit table';
  logger.warn({ role, superuser, ownsAuditTrail }, 'the API connects as a role that could alter the audit trail');
  return [
    `WARNING: the API connects to PostgreSQL as "${role}", which ${why} and so could disable or truncate the audit trail.`,
    'Connect as a login role in the app role instead (README, "Database roles").',
  ];
}

async function serve(config: Config, logger: Logger, db: Database, dataDir: string): Promise<void> {
  await prepareSchema(db, config, logger);
  const roleWarning = await warnAboutOverprivilegedRole(db, logger);

  const built = buildApp({
    knex: db.knex,
    logger,
    clock: systemClock,
    sessionSecret: config.SESSION_SECRET ?? (await sharedServerSecret(db.knex, 'session-cookie', systemClock())),
    publicUrl: config.PUBLIC_URL,
    secureCookies: config.COOKIE_SECURE,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    uiDirectory: path.join(repoRoot, 'admin-ui', 'dist'),
    sessionCache: { connectionString: config.DATABASE_LISTEN_URL ?? db.connectionString, maxAgeMs: config.SESSION_CACHE_SECONDS * 1000 },
  });
  // The holidays first, so the demo's due dates (and any computed from now on) skip them.
  await addComingHolidays(built, logger, timeZoneOf(await built.deps.settings.all()));

  // Demo data goes only into the embedded database; an external one gets it by `npm run seed:demo`.
  let demo: BannerFacts['demo'];
  if (db.embedded) {
    const password = await demoPassword(dataDir, config.DEMO_PASSWORD);
    const timeZone = (await db.knex('settings').first('value').where({ key: 'organization.time_zone' }))?.value ?? 'America/New_York';
    const seededNow = await seedDemoIfEmpty(db.knex, password, timeZone, systemClock());
    if (seededNow) logger.info('demo data seeded');
    demo = { usernames: ROLES, password, seededNow };
  }

  const server = http.createServer(built.app);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await db.close();
    console.error(error.code === 'EADDRINUSE' ? `\nPort ${config.PORT} is in use. Stop the other program or set PORT.\n` : error);
    process.exit(1);
  });

  // Every instance works every queue; each job runs on one of them. Messages to patients go
  // through the outbox, whose sender here only logs (no email leaves the machine).
  const handlers = jobHandlers(built.deps, { sender: logSender(logger), housekeeping: built.housekeeping });
  await startJobWorkers(built.deps, handlers, timeZoneOf(await built.deps.settings.all()));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    // Behind a balancer: keep answering while its health checks see 503 and take us out, so no
    // request is sent to a closed port (SHUTDOWN_GRACE_SECONDS, README "Several instances").
    built.startDraining();
    if (config.SHUTDOWN_GRACE_SECONDS > 0) {
      logger.info({ signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS }, 'shutting down: readiness now 503, still answering');
      await sleep(config.SHUTDOWN_GRACE_SECONDS * 1000);
    }
    logger.info({ signal }, 'shutting down: no new requests, draining the ones in flight');
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS).unref();
    await drained;
    clearTimeout(force);
    await built.deps.jobs.stop();
    await built.flush();
    await built.close();
    // The pool ends before the embedded server stops, so no query meets a vanishing server.
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  // Listening for signals before saying "ready": whoever waits for that line may stop us at once.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // Last, in one write, once every start-up log line is out: whoever waits for it may use the console.
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  const banner = startupBanner({
    url: config.PUBLIC_URL,
    readySeconds: process.uptime(),
    database: db.embedded ? `embedded PostgreSQL under ${db.embeddedFolder}` : 'DATABASE_URL',
    demo,
    data: await countDataOnHand(db.knex),
    warning: roleWarning,
  });
  process.stdout.write(banner);
}

const timeZoneOf = (settings: Settings) => settings['organization.time_zone'];

/**
 * The business calendar gets the US federal holidays of this year and the next two, each year
 * once ever (admins edit the list afterwards). A failure leaves due dates without those
 * holidays, so it is logged loudly but does not stop the start.
 */
async function addComingHolidays(built: BuiltApp, logger: Logger, timeZone: string): Promise<void> {
  try {
    const years = await addComingFederalHolidays(built.deps, commandLineActor(randomUUID(), systemClock), timeZone);
    if (years.length) logger.info({ years }, 'federal holidays added to the business calendar');
  } catch (error) {
    logger.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'could not add the coming federal holidays');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
