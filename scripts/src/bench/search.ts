/**
 * `npm run bench:search [-- --seconds S --rates R,R --closed-seconds S --connections C --rows N --keep --print-only]`
 *
 * The patient-search benchmark: a million synthetic patients in a throwaway database, the
 * compiled API in a process of its own with sessions and the audit trail on, the load from
 * another process (open loop at fixed arrival rates, closed loop to saturation), and in the same
 * run the ceilings: bare express, the API's no-table and session-only routes, and the searches'
 * own SQL through a bare pg pool. Prints the tables and appends them to BENCHMARKS.md.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createKnex, repoRoot, type Knex } from '@portaldesk/db';
import { buildApp, loadConfig, SettingsStore, systemClock, type Actor } from '@portaldesk/admin-api';
import { parseFlags, wholeNumberOption } from '../cli.ts';
import { openBenchDatabase } from './bench-database.ts';
import { BenchRun, createBenchStaff } from './bench-run.ts';
import { runClosedLoop } from './closed-loop.ts';
import { freePort, startCompiledServer } from './compiled-server.ts';
import { runLoad, stopLoad, type LoadReport, type LoadShape, type LoadTarget } from './load-generator.ts';
import { loadPatients, type LoadTimings } from './load-patients.ts';
import { appendToBenchmarks, describeMachine, loadLine } from './report.ts';
import { missedTargets, SEARCH_CHAPTER, searchSection, TARGET_RATE, type Ceilings, type SearchResult, type SearchRunFacts } from './search-report.ts';
import { searchRequest, searchScenarios, type SearchRequest } from './search-scenarios.ts';
import { StaffClient } from './staff-client.ts';

const usage =
  'Usage: npm run bench:search [-- --seconds S] [--rates 25,50,100,200] [--closed-seconds S] [--connections C] [--rows N] [--keep] [--print-only]   (DATABASE_URL optional)';
const { values: flags } = parseFlags(
  {
    seconds: { type: 'string' },
    rates: { type: 'string' },
    'closed-seconds': { type: 'string' },
    connections: { type: 'string' },
    rows: { type: 'string' },
    keep: { type: 'boolean' },
    'print-only': { type: 'boolean' },
  },
  usage,
);

const ROWS = wholeNumberOption('rows', flags.rows, 1_000_000, 1_000, 10_000_000, usage);
const OPEN_SECONDS = wholeNumberOption('seconds', flags.seconds, 30, 1, 600, usage);
const CLOSED_SECONDS = wholeNumberOption('closed-seconds', flags['closed-seconds'], 10, 1, 600, usage);
// Eight searches in flight at every instant is far more than a hospital's front desk produces,
// yet few enough that latency still reflects the work per request, not only the queue.
const CONNECTIONS = wholeNumberOption('connections', flags.connections, 8, 1, 64, usage);
const RATES = (flags.rates ?? `25,50,${TARGET_RATE},200`).split(',').map((rate) => wholeNumberOption('rates', rate, 0, 1, 10_000, usage));
const KEEP = flags.keep ?? false;
const PRINT_ONLY = flags['print-only'] ?? false;
const OPEN_WARM_UP_SECONDS = 3;
const CLOSED_WARM_UP_SECONDS = 2;
/** Long enough for the statement count to see a few hundred requests of the slowest search. */
const COUNTING_MS = 3_000;
const DATA_SEED = 20_261_125;
const SCENARIO_SEED = 7;
/** Distinct searches per scenario, cycled through by both sides in the same order. */
const SEARCHES_PER_SCENARIO = 200;
/** The API's pool size, as the server would take it (DATABASE_POOL_MAX, default 10); the bare-SQL pool gets the same. */
const POOL_SIZE = loadConfig().DATABASE_POOL_MAX;
const run = new BenchRun('the benchmark database');

/**
 * The table a statement reads or writes at its top level (not a subquery's); for a statement
 * over a subquery (a capped count), the first table named; '?' when none is.
 */
function outermostTable(sql: string): string {
  const matches = [...sql.matchAll(/\b(?:from|into|update)\s+"?(\w+)"?/gi)];
  const depthZero = matches.find(({ index }) => {
    const before = sql.slice(0, index);
    return before.split('(').length === before.split(')').length;
  });
  return (depthZero ?? matches[0])?.[1] ?? '?';
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
      const table = outermostTable(sql);
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

/** One load phase from its own process; Ctrl-C ends it early. */
async function phase(target: LoadTarget, shape: LoadShape): Promise<LoadReport> {
  const closed = shape.kind === 'closed';
  return runLoad({ target, shape, warmUpSeconds: closed ? CLOSED_WARM_UP_SECONDS : OPEN_WARM_UP_SECONDS, seconds: closed ? CLOSED_SECONDS : OPEN_SECONDS });
}

/** Refuses to compare the two sides unless they return the same patients for the same search. */
async function checkSameAnswers(client: StaffClient, pool: pg.Pool, requests: SearchRequest[]): Promise<void> {
  for (const request of requests) {
    const apiIds = (JSON.parse(await client.get(request.path)) as { id: number }[]).map((row) => row.id);
    // The page is the statement that answers patients (a "contains" search counts first).
    const answers = await Promise.all(request.statements.map((statement) => pool.query<{ id?: number }>(statement)));
    const page = answers.find((answer) => answer.fields.some((field) => field.name === 'id'));
    const sqlIds = (page?.rows ?? []).map((row) => row.id);
    if (apiIds.join() !== sqlIds.join()) throw new Error(`The API and the captured SQL disagree for ${decodeURIComponent(request.path)}`);
  }
}

/**
 * Statements per request, by table and verb, counted in an API built in this process under the
 * same closed loop (the compiled server's own process has no such counter). Timing here is not
 * reported: it shares this event loop.
 */
async function countStatements(
  knex: Knex,
  connectionString: string,
  staff: { username: string; password: string },
  requests: SearchRequest[][],
): Promise<string[]> {
  const counter = new StatementCounter(knex);
  // As the server runs it: the session cache on, with its default age.
  const built = buildApp({
    knex,
    sessionSecret: randomBytes(32).toString('base64url'),
    publicUrl: 'http://127.0.0.1',
    logger: pino({ level: 'silent' }),
    sessionCache: { connectionString, maxAgeMs: loadConfig().SESSION_CACHE_SECONDS * 1000 },
  });
  const { app } = built;
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const clients: StaffClient[] = [];
  try {
    for (let i = 0; i < CONNECTIONS; i += 1) {
      const client = new StaffClient((server.address() as AddressInfo).port);
      await client.signIn(staff.username, staff.password);
      clients.push(client);
    }
    const counts: string[] = [];
    for (const scenario of requests) {
      counter.reset();
      counter.enabled = true;
      const { latenciesMs } = await runClosedLoop({
        workers: CONNECTIONS,
        durationMs: COUNTING_MS,
        shouldStop: () => run.interrupted,
        send: (worker, sequence) => clients[worker].get(scenario[sequence % scenario.length].path),
      });
      counter.enabled = false;
      counts.push(counter.perRequest(latenciesMs.length));
    }
    return counts;
  } finally {
    clients.forEach((client) => client.close());
    server.closeAllConnections();
    server.close();
    await built.close();
  }
}

/** express alone, in a process of its own: the framework's ceiling. */
async function startBareExpress(): Promise<{ baseUrl: string; stop: () => void }> {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./bare-express.ts', import.meta.url)), [String(port)], { execArgv: ['--import', 'tsx'] });
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit')])) as unknown[];
  if (message !== 'listening') throw new Error('The bare express server did not start.');
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

const reportLine = (report: LoadReport) =>
  `${Math.round(report.perSecond)}/s, p50 ${report.p50Ms.toFixed(1)} ms, p95 ${report.p95Ms.toFixed(1)} ms, p99 ${report.p99Ms.toFixed(1)} ms${report.failed ? `, ${report.failed} FAILED (${report.firstFailure})` : ''}`;

async function measureSearches(): Promise<void> {
  const database = await openBenchDatabase({ keep: KEEP, rows: ROWS });
  let keepDatabase = false;
  run.undoLater(() => database.release(keepDatabase));
  const knex = createKnex(database.connectionString, POOL_SIZE, run.onPoolError);
  run.undoLater(() => BenchRun.within(knex.destroy()));

  let load: LoadTimings | undefined;
  if (!database.loaded) {
    console.log(`Loading ${ROWS.toLocaleString('en-US')} synthetic patients into a throwaway database (${database.serverLabel})...`);
    load = await loadPatients(knex, database.connectionString, ROWS, DATA_SEED);
  }
  // Only a completely loaded database is worth keeping.
  keepDatabase = KEEP;
  const facts: SearchRunFacts = {
    machine: await describeMachine(knex, database.serverLabel),
    rows: ROWS,
    load,
    poolSize: POOL_SIZE,
    openSeconds: OPEN_SECONDS,
    closedSeconds: CLOSED_SECONDS,
    connections: CONNECTIONS,
    rates: RATES,
  };
  console.log(`Loaded ${loadLine(ROWS, load)}`);

  const staff = await createBenchStaff(knex, 'front_desk');
  const actor: Actor = {
    staffUserId: staff.id,
    username: staff.username,
    roles: ['front_desk'],
    clientAddress: '127.0.0.1',
    requestId: 'bench-capture',
    clock: systemClock,
  };
  const settings = new SettingsStore(knex);
  const scenarios = searchScenarios(ROWS, SCENARIO_SEED, SEARCHES_PER_SCENARIO);
  const requests: SearchRequest[][] = [];
  for (const scenario of scenarios) {
    // One at a time: each capture holds a transaction while the service reads settings beside it.
    const captured: SearchRequest[] = [];
    for (const filter of scenario.filters) captured.push(await searchRequest(knex, settings, actor, filter));
    requests.push(captured);
  }
  console.log('Counting database statements per request (in-process pass)...');
  const statements = await countStatements(knex, database.connectionString, staff, requests);
  if (run.interrupted) return;

  console.log('Starting the compiled API (LOG_LEVEL=info) and bare express, each in its own process...');
  const api = await startCompiledServer(database.connectionString, { env: { LOG_LEVEL: 'info', DATABASE_POOL_MAX: String(POOL_SIZE) } });
  run.undoLater(() => api.stop());
  const bare = await startBareExpress();
  run.undoLater(async () => bare.stop());
  const client = new StaffClient(api.port);
  run.undoLater(async () => client.close());
  await client.signIn(staff.username, staff.password);
  const pool = new pg.Pool({ connectionString: database.connectionString, max: POOL_SIZE, application_name: 'portaldesk-bench-check' });
  pool.on('error', run.onPoolError);
  run.undoLater(() => BenchRun.within(pool.end()));
  // Undone first: a load generator still sending would keep the database from being dropped.
  run.undoLater(async () => stopLoad());

  const httpTarget = (baseUrl: string, paths: string[], signedIn = true): LoadTarget => ({
    kind: 'http',
    baseUrl,
    paths,
    headers: signedIn ? { cookie: client.sessionCookie } : {},
  });
  const closed: LoadShape = { kind: 'closed', connections: CONNECTIONS };
  const ceilings: Ceilings = {
    bareExpress: await phase(httpTarget(bare.baseUrl, ['/'], false), closed),
    noTable: await phase(httpTarget(api.baseUrl, ['/api/health/live'], false), closed),
    sessionOnly: await phase(httpTarget(api.baseUrl, ['/api/session']), closed),
  };
  console.log(`Ceilings (closed loop, ${CONNECTIONS} connections):`);
  console.log(`  bare express: ${reportLine(ceilings.bareExpress)}`);
  console.log(`  GET /api/health/live: ${reportLine(ceilings.noTable)}`);
  console.log(`  GET /api/session: ${reportLine(ceilings.sessionOnly)}`);

  const results: SearchResult[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    if (run.interrupted) return;
    const scenarioRequests = requests[index];
    await checkSameAnswers(client, pool, scenarioRequests.slice(0, 5));
    const paths = scenarioRequests.map((request) => request.path);
    console.log(`${scenario.label}:`);
    const open: SearchResult['open'] = [];
    for (const [rateIndex, rate] of RATES.entries()) {
      const report = await phase(httpTarget(api.baseUrl, paths), { kind: 'open', ratePerSecond: rate, seed: SCENARIO_SEED + rateIndex });
      open.push({ rate, report });
      console.log(`  open loop ${rate}/s: ${reportLine(report)}`);
    }
    const apiClosed = await phase(httpTarget(api.baseUrl, paths), closed);
    console.log(`  closed loop API: ${reportLine(apiClosed)}`);
    const sqlTarget: LoadTarget = {
      kind: 'sql',
      connectionString: database.connectionString,
      poolSize: POOL_SIZE,
      statements: scenarioRequests.map((request) => request.statements),
    };
    const sqlClosed = await phase(sqlTarget, closed);
    console.log(`  closed loop bare SQL: ${reportLine(sqlClosed)}`);
    // The same arrivals as the API's phase at that rate: the floor its p99 stands on.
    const sqlOpen = await phase(sqlTarget, { kind: 'open', ratePerSecond: TARGET_RATE, seed: SCENARIO_SEED + Math.max(0, RATES.indexOf(TARGET_RATE)) });
    console.log(`  open loop bare SQL ${TARGET_RATE}/s: ${reportLine(sqlOpen)}`);
    const result: SearchResult = { scenario, open, api: apiClosed, sql: sqlClosed, sqlAtTargetRate: sqlOpen, statements: statements[index] };
    results.push(result);
    const missed = missedTargets(result, ceilings);
    console.log(`  ${missed.length ? `MISSED: ${missed.join('; ')}` : 'targets met'}; statements per request: ${result.statements}`);
  }
  if (run.interrupted) return;

  const section = searchSection(facts, ceilings, results);
  console.log(`\n${section}`);
  if (PRINT_ONLY) return;
  const benchmarksFile = path.join(repoRoot, 'BENCHMARKS.md');
  await appendToBenchmarks(benchmarksFile, section, SEARCH_CHAPTER);
  console.log(`Appended to ${path.relative(process.cwd(), benchmarksFile) || benchmarksFile}.`);
}

await run.main(measureSearches);
