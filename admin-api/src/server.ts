import http from 'node:http';
import path from 'node:path';
import { EmbeddedPostgresError, migrate, openDatabase, repoRoot, type Database } from '@portaldesk/db';
import { buildApp } from './app.ts';
import { sharedServerSecret } from './auth/server-secrets.ts';
import { loadConfig, trustProxySetting, type Config } from './config.ts';
import type { Logger } from 'pino';
import { demoPassword, seedDemoIfEmpty } from './demo/demo-install.ts';
import { ROLES } from './auth/policy.ts';
import { createLogger } from './lib/logger.ts';
import { logSender, startOutboxWorker } from './outbox/outbox.ts';

const SESSION_PRUNE_INTERVAL_MS = 15 * 60_000;
const DRAIN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const dataDir = config.DATA_DIR ? path.resolve(config.DATA_DIR) : path.join(repoRoot, '.data');

  let db: Database;
  try {
    db = await openDatabase({
      databaseUrl: config.DATABASE_URL,
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
    throw error;
  }
}

async function serve(config: Config, logger: Logger, db: Database, dataDir: string): Promise<void> {
  const { applied } = await migrate(db.knex);
  if (applied.length) logger.info({ migrations: applied.length }, 'migrations applied');

  // Demo data goes only into the embedded database; an external one gets it by `npm run seed:demo`.
  let signInHint = '';
  if (db.embedded) {
    const password = await demoPassword(dataDir, config.DEMO_PASSWORD);
    const timeZone = (await db.knex('settings').first('value').where({ key: 'organization.time_zone' }))?.value ?? 'America/New_York';
    if (await seedDemoIfEmpty(db.knex, password, timeZone)) logger.info('demo data seeded');
    signInHint = `Sign in as any of ${ROLES.join(', ')} with the password: ${password}`;
  } else {
    signInHint = 'Sign in with a staff account (create the first admin with: npm run staff:create -- --username NAME --name "Full Name" --role admin)';
  }

  const built = buildApp({
    knex: db.knex,
    logger,
    sessionSecret: config.SESSION_SECRET ?? (await sharedServerSecret(db.knex, 'session-cookie')),
    publicUrl: config.PUBLIC_URL,
    secureCookies: config.COOKIE_SECURE,
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    uiDirectory: path.join(repoRoot, 'admin-ui', 'dist'),
  });

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

  // Messages to patients go through the outbox; this sender only logs (no email leaves the machine).
  const outbox = startOutboxWorker(db.knex, logSender(logger), logger);

  const pruneTimer = setInterval(() => {
    built.sessionStore.prune().catch((error) => logger.warn({ err: { type: error.name } }, 'session pruning failed'));
  }, SESSION_PRUNE_INTERVAL_MS).unref();

  console.log(
    `\nPortalDesk is running at ${config.PUBLIC_URL}` +
      `\n  database: ${db.embedded ? `embedded PostgreSQL under ${db.embeddedFolder}` : 'DATABASE_URL'}` +
      `\n  ${signInHint}` +
      '\n  Stop with Ctrl-C.\n',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, draining the ones in flight');
    clearInterval(pruneTimer);
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS).unref();
    await drained;
    clearTimeout(force);
    await outbox.stop();
    // The pool ends before the embedded server stops, so no query meets a vanishing server.
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
