/**
 * `npm run bench:search [-- --seconds S --concurrency C --rows N --keep]`
 *
 * The patient-search benchmark: a million synthetic patients in a throwaway database, the real
 * API in-process with sessions and the audit trail on, and the same SQL through a bare pg pool,
 * side by side. Prints a table and appends it to BENCHMARKS.md. See BENCHMARKS.md for the method.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import pino from 'pino';
import { createKnex, repoRoot, type Knex } from '@portaldesk/db';
import { buildApp, hashSecret, loadConfig, SettingsStore, systemClock, type Actor } from '@portaldesk/admin-api';
import { EXIT, parseFlags } from '../cli.ts';
import { openBenchDatabase } from './bench-database.ts';
import { runClosedLoop, summarize, type PhaseSummary } from './closed-loop.ts';
import { loadPatients, type LoadTimings } from './load-patients.ts';
import {
  appendToBenchmarks,
  consoleLoadLine,
  consoleTable,
  describeMachine,
  markdownSection,
  missedTargets,
  type RunFacts,
  type ScenarioResult,
} from './report.ts';
import { searchRequest, searchScenarios, type SearchRequest } from './search-scenarios.ts';
import { StaffClient } from './staff-client.ts';

const usage = 'Usage: npm run bench:search [-- --seconds S] [--concurrency C] [--rows N] [--keep]   (DATABASE_URL optional)';
const { values: flags } = parseFlags(
  { seconds: { type: 'string' }, concurrency: { type: 'string' }, rows: { type: 'string' }, keep: { type: 'boolean' } },
  usage,
);

function wholeNumberFlag(name: string, fallback: number, min: number, max: number): number {
  const raw = flags[name as keyof typeof flags];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}.\n${usage}`);
    process.exit(EXIT.usage);
  }
  return value;
}

const ROWS = wholeNumberFlag('rows', 1_000_000, 1_000, 10_000_000);
const MEASURED_SECONDS = wholeNumberFlag('seconds', 10, 1, 600);
// Eight searches in flight at every instant is far more than a hospital's front desk produces,
// yet few enough that latency still reflects the work per request, not only the queue.
const CONCURRENCY = wholeNumberFlag('concurrency', 8, 1, 64);
const KEEP = flags.keep ?? false;
const WARM_UP_MS = 2_000;
const DATA_SEED = 20_261_125;
const SCENARIO_SEED = 7;
/** Distinct searches per scenario, cycled through by both sides in the same order. */
const SEARCHES_PER_SCENARIO = 200;
/** The API's pool size, as the server would take it (DATABASE_POOL_MAX, default 10); the bare-SQL pool gets the same. */
const POOL_SIZE = loadConfig().DATABASE_POOL_MAX;
const CLOSE_TIMEOUT_MS = 5_000;

/** Undo steps, run last-in first-out exactly once, however the run ends (Ctrl-C included). */
const undoSteps: (() => Promise<unknown>)[] = [];
let undoing: Promise<void> | undefined;
function undoAll(): Promise<void> {
  undoing ??= (async () => {
    for (const step of undoSteps.reverse()) {
      await step().catch((error: Error) => console.error(`Cleaning up failed: ${error.message}`));
    }
  })();
  return undoing;
}
/** Closing a pool waits for its busy clients; an interrupted query must not keep the database from being dropped. */
const within = (closing: Promise<unknown>) => Promise.race([closing, sleep(CLOSE_TIMEOUT_MS)]);

let interrupted = false;
let interruptedAt = 0;
// One Ctrl-C arrives twice: from the terminal to the whole process group, and relayed by tsx.
const REPEATED_SIGNAL_MS = 1_000;
function onSignal(signal: string): void {
  if (interrupted) {
    if (Date.now() - interruptedAt < REPEATED_SIGNAL_MS) return;
    console.error(`${signal} again: exiting without cleaning up.`);
    process.exit(EXIT.rejected);
  }
  interrupted = true;
  interruptedAt = Date.now();
  console.error(`\n${signal}: stopping, removing the benchmark database (Ctrl-C again to leave it)...`);
  void undoAll().finally(() => process.exit(130));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const onPoolError = (error: Error) => {
  if (!interrupted) console.warn(`Database connection error: ${error.message}`);
};

async function createFrontDeskUser(knex: Knex): Promise<{ id: number; username: string; password: string }> {
  const username = `bench_desk_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const [{ id }] = await knex('staff_users')
    .insert({ username, display_name: 'Benchmark front desk', password_hash: await hashSecret(password), created_at: new Date(), updated_at: new Date() })
    .returning('id');
  await knex('staff_user_roles').insert({ staff_user_id: id, role: 'front_desk' });
  return { id, username, password };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Counts the API's database statements by table and verb while enabled, to show what a request
 * costs beyond its search (session, principal, audit). A regex per statement: negligible.
 */
class StatementCounter {
  private counts = new Map<string, number>();
  enabled = false;

  constructor(knex: Knex) {
    knex.on('query', ({ sql }: { sql: string }) => {
      if (!this.enabled) return;
      const verb = sql.trimStart().split(/\s/, 1)[0].toLowerCase();
      const table = /\b(?:from|into|update)\s+"?(\w+)"?/i.exec(sql)?.[1] ?? '?';
      const key = `${table} ${verb}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    });
  }

  reset(): void {
    this.counts.clear();
  }

  perRequest(requests: number): string {
    const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    // Rare statements (settings reloads, session saves) as plain counts: "0.00" would hide them.
    const share = (count: number) => (count * 100 >= requests ? (count / requests).toFixed(2) : `${count} in ${requests.toLocaleString('en-US')}`);
    const parts = [...this.counts].sort((a, b) => b[1] - a[1]).map(([key, count]) => `${key} ${share(count)}`);
    return `${(total / requests).toFixed(2)} in all: ${parts.join(', ')}`;
  }
}

/** A warm-up, then a measured phase, with `send` taking the scenario's searches in order. */
async function measure(requests: SearchRequest[], send: (worker: number, request: SearchRequest) => Promise<unknown>, onWarmedUp?: () => void) {
  const loop = (durationMs: number) =>
    runClosedLoop({
      workers: CONCURRENCY,
      durationMs,
      shouldStop: () => interrupted,
      send: (worker, sequence) => send(worker, requests[sequence % requests.length]),
    });
  await loop(WARM_UP_MS);
  onWarmedUp?.();
  return summarize(await loop(MEASURED_SECONDS * 1000));
}

async function sendStatements(pool: pg.Pool, request: SearchRequest): Promise<void> {
  for (const statement of request.statements) await pool.query(statement);
}

/** Refuses to compare the two sides unless they return the same patients for the same search. */
async function checkSameAnswers(client: StaffClient, pool: pg.Pool, requests: SearchRequest[]): Promise<void> {
  for (const request of requests) {
    const apiIds = (JSON.parse(await client.get(request.path)) as { id: number }[]).map((row) => row.id);
    const sqlIds = (await pool.query<{ id: number }>(request.statements[0])).rows.map((row) => row.id);
    if (apiIds.join() !== sqlIds.join()) throw new Error(`The API and the captured SQL disagree for ${decodeURIComponent(request.path)}`);
  }
}

const phaseLine = (side: string, summary: PhaseSummary) =>
  `${side} p50 ${summary.p50Ms.toFixed(1)} ms, p99 ${summary.p99Ms.toFixed(1)} ms, ${Math.round(summary.perSecond)} req/s`;

async function run(): Promise<void> {
  const database = await openBenchDatabase({ keep: KEEP, rows: ROWS });
  let keepDatabase = false;
  undoSteps.push(() => database.release(keepDatabase));
  const knex = createKnex(database.connectionString, POOL_SIZE, onPoolError);
  undoSteps.push(() => within(knex.destroy()));

  let load: LoadTimings | undefined;
  if (!database.loaded) {
    console.log(`Loading ${ROWS.toLocaleString('en-US')} synthetic patients into a throwaway database (${database.serverLabel})...`);
    load = await loadPatients(knex, database.connectionString, ROWS, DATA_SEED);
  }
  // Only a completely loaded database is worth keeping.
  keepDatabase = KEEP;
  const facts: RunFacts = {
    machine: await describeMachine(knex, database.serverLabel),
    rows: ROWS,
    load,
    concurrency: CONCURRENCY,
    poolSize: POOL_SIZE,
    seconds: MEASURED_SECONDS,
  };
  console.log(consoleLoadLine(facts));

  const staff = await createFrontDeskUser(knex);
  const statements = new StatementCounter(knex);
  const { app } = buildApp({
    knex,
    sessionSecret: randomBytes(32).toString('base64url'),
    publicUrl: 'http://127.0.0.1',
    logger: pino({ level: 'silent' }),
  });
  const server = http.createServer(app);
  // Idle API connections wait through the bare-SQL phases; the default 5 s timeout would close
  // them and race the next request.
  server.keepAliveTimeout = 0;
  const port = await listen(server);
  undoSteps.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const clients: StaffClient[] = [];
  undoSteps.push(async () => clients.forEach((client) => client.close()));
  for (let i = 0; i < CONCURRENCY; i += 1) {
    const client = new StaffClient(port);
    await client.signIn(staff.username, staff.password);
    clients.push(client);
  }

  const pool = new pg.Pool({ connectionString: database.connectionString, max: POOL_SIZE, application_name: 'portaldesk-bench-sql' });
  pool.on('error', onPoolError);
  undoSteps.push(() => within(pool.end()));

  const settings = new SettingsStore(knex);
  const actor: Actor = {
    staffUserId: staff.id,
    username: staff.username,
    roles: ['front_desk'],
    clientAddress: '127.0.0.1',
    requestId: 'bench-capture',
    clock: systemClock,
  };
  const results: ScenarioResult[] = [];
  console.log(`${CONCURRENCY} clients each side, ${MEASURED_SECONDS} s per phase after a ${WARM_UP_MS / 1000} s warm-up.`);
  for (const scenario of searchScenarios(ROWS, SCENARIO_SEED, SEARCHES_PER_SCENARIO)) {
    if (interrupted) return;
    const requests: SearchRequest[] = [];
    for (const filter of scenario.filters) requests.push(await searchRequest(knex, settings, actor, filter));
    await checkSameAnswers(clients[0], pool, requests.slice(0, 5));

    const api = await measure(
      requests,
      (worker, request) => clients[worker].get(request.path),
      () => {
        statements.reset();
        statements.enabled = true;
      },
    );
    statements.enabled = false;
    const sql = await measure(requests, (_worker, request) => sendStatements(pool, request));
    const result: ScenarioResult = {
      label: scenario.label,
      p99TargetMs: scenario.p99TargetMs,
      api,
      sql,
      apiQueriesPerRequest: statements.perRequest(api.requests),
    };
    results.push(result);
    const missed = missedTargets(result);
    console.log(`  ${scenario.label}: ${phaseLine('API', api)}; ${phaseLine('SQL', sql)}${missed.length ? `; MISSED: ${missed.join('; ')}` : ''}`);
    console.log(`    statements per API request: ${result.apiQueriesPerRequest}`);
  }
  if (interrupted) return;

  console.log(`\n${consoleTable(results)}\n`);
  const benchmarksFile = path.join(repoRoot, 'BENCHMARKS.md');
  await appendToBenchmarks(benchmarksFile, markdownSection(facts, results));
  console.log(`Appended to ${path.relative(process.cwd(), benchmarksFile) || benchmarksFile}.`);
}

let exitCode: number = EXIT.ok;
try {
  await run();
} catch (error) {
  if (!interrupted) {
    console.error(error);
    exitCode = EXIT.rejected;
  }
} finally {
  await undoAll();
}
// An interrupted run exits from its signal handler once cleaned up.
if (!interrupted) process.exit(exitCode);
