/**
 * `npm run bench:scale [-- --rows N --seconds S --keep --print-only]`
 *
 * Several API instances behind HAProxy: the compiled server once, twice, three times on one
 * throwaway database, one session cookie for all of them, patient searches at fixed rates and
 * at saturation; then one instance stopped (SIGTERM) under load, as a rolling deploy does.
 * Prints a table and appends it to BENCHMARKS.md. See SCALE_CHAPTER below for the method.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKnex, repoRoot } from '@portaldesk/db';
import { EXIT, parseFlags, wholeNumberOption } from '../cli.ts';
import { openBenchDatabase } from './bench-database.ts';
import { BenchRun, createBenchStaff } from './bench-run.ts';
import { freePort, startCompiledServer, type CompiledServer } from './compiled-server.ts';
import { ensureHaproxy, HaproxyMissingError, haproxyVersion, startHaproxy, type Haproxy, type InstanceCounters } from './haproxy.ts';
import { runLoad, stopLoad, type LoadJob, type LoadReport, type LoadShape } from './load-generator.ts';
import { loadPatients, type LoadTimings } from './load-patients.ts';
import { appendToBenchmarks, describeMachine, loadLine, type BenchmarkChapter, type MachineDescription } from './report.ts';
import { searchPath, searchScenarios } from './search-scenarios.ts';

const usage = 'Usage: npm run bench:scale [-- --rows N] [--seconds S] [--keep] [--print-only]   (DATABASE_URL optional; needs haproxy)';
const { values: flags } = parseFlags(
  { rows: { type: 'string' }, seconds: { type: 'string' }, keep: { type: 'boolean' }, 'print-only': { type: 'boolean' } },
  usage,
);

const ROWS = wholeNumberOption('rows', flags.rows, 100_000, 1_000, 10_000_000, usage);
const SECONDS = wholeNumberOption('seconds', flags.seconds, 30, 1, 600, usage);
const KEEP = flags.keep ?? false;
const PRINT_ONLY = flags['print-only'] ?? false;

/** The same patients and searches as bench:search, so the figures can be set side by side. */
const DATA_SEED = 20_261_125;
const SCENARIO_SEED = 7;
const SEARCHES_PER_SCENARIO = 200;
const SCENARIOS = ['MRN', 'name prefix, 2-4 letters'];

const MAX_INSTANCES = 3;
const OPEN_RATES = [25, 50, 100, 200];
const OPEN_WARM_UP_SECONDS = 3;
const CLOSED_CONNECTIONS = 8;
// A saturating loop takes both cores from whoever else benchmarks here: 10 s is enough for its
// throughput, and a short run (--seconds 3) keeps it short too.
const CLOSED_SECONDS = Math.min(10, SECONDS);
const CLOSED_WARM_UP_SECONDS = 2;
const DRAIN_RATE = 100;
const GRACE_SECONDS = 3;
/** The Poisson arrivals' seed: every open-loop phase sees the same gaps. */
const ARRIVALS_SEED = 14;

/**
 * One secret for every instance: a session signed by one is accepted by the others (the
 * sessions themselves are rows in PostgreSQL, which they share).
 */
const INSTANCE_ENV = {
  // What production logs: one line per request is part of what a request costs.
  LOG_LEVEL: 'info',
  SESSION_SECRET: randomBytes(32).toString('base64url'),
  SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
};

const SCALE_CHAPTER: BenchmarkChapter = {
  heading: '## Several API instances behind HAProxy (`npm run bench:scale`)',
  method: `Loads 100,000 synthetic patients (bench:search's, same seed) into a throwaway database and starts
the compiled server as \`npm start\` runs it (building first if a source changed) once, then a
second and a third time, every instance on that database with one shared SESSION_SECRET and
LOG_LEVEL info (one log line per request, as in production), behind HAProxy (Debian's package)
on 127.0.0.1: round robin with no stickiness, keep-alive to the instances, a readiness check
(\`GET /api/health/ready\`) every 500 ms, two failures out and two successes back in, and a GET
retried (twice, the last time on another instance) when a connection is refused, closed without
an answer or times out. One front-desk session is signed in once, through the balancer; every
request carries its cookie, so one client's requests land on every instance, and a session that
only one instance accepted would answer 401 and count as failed. The requests are bench:search's
MRN lookups and 2-4-letter name prefixes, alternating (\`GET /api/patients?...\`, the first page of
25, audited), from a load generator in a process of its own. With 1, 2 and 3 instances: open loops
at 25, 50, 100 and 200 requests/s (Poisson arrivals; each latency counts from when its request
was due, so queueing shows), then a closed loop of 8 keep-alive connections for the throughput
at saturation. Each phase first warms up in a run of its own (3 s open, 2 s closed); the
per-instance counts are HAProxy's per-server request counters over the measured phase only.
Last, the drain: 3 instances at 100 requests/s, and halfway through the third gets SIGTERM, as a
rolling deploy does; it should answer readiness with 503 at once, keep serving for
SHUTDOWN_GRACE_SECONDS (3 s) while HAProxy takes it out of the rotation, finish what is in flight
and exit 0. A phase passes when no request failed (a non-2xx answer, a dropped connection or no
answer) and every instance answered some; the drain also needs exit code 0. Every process shares
the machine's cores (2 here): instances, PostgreSQL, HAProxy and the load generator, so a third
instance brings no CPU of its own: the figures show what the balancer and the shared session
store cost and that nothing breaks, not a linear speed-up. Options: \`-- --rows N\`,
\`--seconds S\` per open-loop phase (default 30; the closed loop runs 10 s, or S if shorter),
\`--keep\` (DATABASE_URL only: keep the loaded database for the next \`--keep\` run), \`--print-only\`
(nothing appended). Each run appends a section below.`,
};

const run = new BenchRun('the load, HAProxy, the instances and the benchmark database');

/** MRN lookups and name prefixes, alternating: the two searches the front desk makes most. */
function searchPaths(): string[] {
  const scenarios = searchScenarios(ROWS, SCENARIO_SEED, SEARCHES_PER_SCENARIO).filter((scenario) => SCENARIOS.includes(scenario.label));
  if (scenarios.length !== SCENARIOS.length) throw new Error(`search-scenarios.ts no longer has the scenarios ${SCENARIOS.join(' and ')}.`);
  return scenarios[0].filters.flatMap((filter, index) => [searchPath(filter), searchPath(scenarios[1].filters[index])]);
}

/** Signs in through the balancer, as the console does, and answers the session cookie. */
async function signIn(baseUrl: string, staff: { username: string; password: string }): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: staff.username, password: staff.password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith('portaldesk.sid='))
    ?.split(';')[0];
  if (response.status !== 201 || !cookie) throw new Error(`Sign-in through HAProxy failed: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  return cookie;
}

/** One measured phase. */
interface PhaseResult {
  instances: number;
  load: string;
  report: LoadReport;
  /** Requests each instance answered during the measured phase, from HAProxy's counters. */
  answeredBy: number[];
  /** Why the phase fails, in words; empty when it passes. */
  problems: string[];
}

interface DrainResult extends PhaseResult {
  exitCode: number | null;
  /** From SIGTERM to the process's exit. */
  exitSeconds: number;
  retries: number;
  redispatches: number;
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(1));
const whole = (value: number) => Math.round(value).toLocaleString('en-US');

type Counter = (instance: InstanceCounters) => number;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** How much a counter grew on each instance, in the layout's order. */
function growth(before: InstanceCounters[], after: InstanceCounters[], counter: Counter): number[] {
  return after.map((instance) => {
    const earlier = before.find((candidate) => candidate.name === instance.name);
    return counter(instance) - (earlier ? counter(earlier) : 0);
  });
}

/**
 * Why a phase fails. An instance HAProxy took out of the rotation (other than the one stopped on
 * purpose) explains failures: when every instance is out at once, HAProxy itself answers 503.
 */
function problemsOf(report: LoadReport, before: InstanceCounters[], after: InstanceCounters[], stopped?: string): string[] {
  const problems = report.failed ? [`${whole(report.failed)} failed (first: ${report.firstFailure})`] : [];
  const takenOut = growth(before, after, (instance) => instance.takenOut);
  growth(before, after, (instance) => instance.requests).forEach((answered, index) => {
    const name = after[index].name;
    if (!answered) problems.push(`${name} answered no request`);
    if (takenOut[index] && name !== stopped) problems.push(`HAProxy took ${name} out of the rotation ${takenOut[index]} time(s): its readiness check failed`);
  });
  return problems;
}

/**
 * Everything the measured run needs, apart from its shape and length. Warm-up runs separately,
 * so that HAProxy's counters, read between the two runs, cover the measured requests only.
 */
class Phases {
  constructor(
    private readonly paths: string[],
    private readonly cookie: string,
  ) {}

  job(balancer: Haproxy, shape: LoadShape, seconds: number): LoadJob {
    return { target: { kind: 'http', baseUrl: balancer.baseUrl, paths: this.paths, headers: { cookie: this.cookie } }, shape, warmUpSeconds: 0, seconds };
  }

  async warmUp(balancer: Haproxy, shape: LoadShape, seconds: number): Promise<InstanceCounters[]> {
    await runLoad(this.job(balancer, shape, seconds));
    return balancer.counters();
  }

  async measure(balancer: Haproxy, instances: number, load: string, shape: LoadShape, warmUpSeconds: number, seconds: number): Promise<PhaseResult> {
    const before = await this.warmUp(balancer, shape, warmUpSeconds);
    const report = await runLoad(this.job(balancer, shape, seconds));
    const after = await balancer.counters();
    return { instances, load, report, answeredBy: growth(before, after, (instance) => instance.requests), problems: problemsOf(report, before, after) };
  }

  /**
   * 3 instances at DRAIN_RATE; SIGTERM to the last one when half the measured run is over,
   * counted from the first request HAProxy sees (the load generator takes a moment to start).
   */
  async drain(balancer: Haproxy, instances: CompiledServer[]): Promise<DrainResult> {
    const shape: LoadShape = { kind: 'open', ratePerSecond: DRAIN_RATE, seed: ARRIVALS_SEED };
    const victim = instances[instances.length - 1];
    const victimName = `api${instances.length}`;
    const before = await this.warmUp(balancer, shape, OPEN_WARM_UP_SECONDS);
    let loadEnded = false;
    const measured = runLoad(this.job(balancer, shape, SECONDS)).finally(() => (loadEnded = true));
    // Awaited below; until then a failed load must not count as an unhandled rejection.
    measured.catch(() => undefined);
    const requestsBefore = sum(before.map((instance) => instance.requests));
    while (!loadEnded && sum((await balancer.counters()).map((instance) => instance.requests)) === requestsBefore) await sleep(50);
    await sleep((SECONDS * 1000) / 2);
    const signalledAt = performance.now();
    console.log(`    SIGTERM to ${victimName} (pid ${victim.pid}) at ${SECONDS / 2} s`);
    const exit = victim.stop().then((exitCode) => ({ exitCode, exitSeconds: (performance.now() - signalledAt) / 1000 }));
    const report = await measured;
    const after = await balancer.counters();
    const { exitCode, exitSeconds } = await exit;
    const problems = problemsOf(report, before, after, victimName);
    if (exitCode !== 0) problems.push(`${victimName} exited with ${exitCode ?? 'a signal'}, not 0`);
    return {
      instances: instances.length,
      load: `open ${DRAIN_RATE}/s, SIGTERM to ${victimName} halfway`,
      report,
      answeredBy: growth(before, after, (instance) => instance.requests),
      problems,
      exitCode,
      exitSeconds,
      retries: sum(growth(before, after, (instance) => instance.retries)),
      redispatches: sum(growth(before, after, (instance) => instance.redispatches)),
    };
  }
}

const HEADINGS = ['instances', 'load', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed', 'answered by api1 / api2 / api3', 'verdict'];

function cells({ instances, load, report, answeredBy, problems }: PhaseResult): string[] {
  return [
    String(instances),
    load,
    whole(report.requests),
    whole(report.perSecond),
    ms(report.p50Ms),
    ms(report.p95Ms),
    ms(report.p99Ms),
    ms(report.maxMs),
    whole(report.failed),
    answeredBy.map(whole).join(' / '),
    problems.length ? 'FAIL' : 'PASS',
  ];
}

/** An aligned plain-text table: the first two columns to the left, figures to the right. */
function consoleTable(results: PhaseResult[]): string {
  const rows = [HEADINGS, ...results.map(cells)];
  const widths = HEADINGS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const align = (cell: string, column: number) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]));
  return rows.map((row) => row.map(align).join('  ')).join('\n');
}

function markdownTable(results: PhaseResult[]): string[] {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  return [
    line(HEADINGS),
    line(HEADINGS.map((_, column) => (column === 1 || column === HEADINGS.length - 1 ? '---' : '---:'))),
    ...results.map((result) => line(cells(result))),
  ];
}

function drainLine(drain: DrainResult): string {
  return (
    `Drain: api${drain.instances} got SIGTERM halfway through ${SECONDS} s at ${DRAIN_RATE} requests/s and exited with ` +
    `${drain.exitCode ?? 'a signal'} after ${drain.exitSeconds.toFixed(1)} s (grace ${GRACE_SECONDS} s); ${whole(drain.report.failed)} of ` +
    `${whole(drain.report.requests)} requests failed${drain.report.firstFailure ? ` (first: ${drain.report.firstFailure})` : ''}; ` +
    `HAProxy retried ${whole(drain.retries)} connections and sent ${whole(drain.redispatches)} requests to another instance.`
  );
}

interface RunFacts {
  machine: MachineDescription;
  haproxy: string;
  load: LoadTimings | undefined;
}

function markdownSection({ machine, haproxy, load }: RunFacts, results: PhaseResult[], drain: DrainResult): string {
  const problems = results.flatMap((result) => result.problems.map((problem) => `- FAIL, ${result.instances} instance(s), ${result.load}: ${problem}`));
  return [
    `### ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB`,
    '',
    `- Node ${machine.node}; HAProxy ${haproxy}; PostgreSQL ${machine.postgres}; database: ${machine.database}; load average at start ${machine.loadAverage.toFixed(2)}`,
    `- ${loadLine(ROWS, load)} Open loops ${SECONDS} s after a ${OPEN_WARM_UP_SECONDS} s warm-up; closed loop ${CLOSED_CONNECTIONS} connections, ${CLOSED_SECONDS} s after ${CLOSED_WARM_UP_SECONDS} s.`,
    '',
    ...markdownTable(results),
    '',
    `- ${drainLine(drain)}`,
    ...problems,
    '',
  ].join('\n');
}

/** The instances of every topology, started in turn: the first start builds dist/ when a source changed, the others reuse it. */
async function startInstance(databaseUrl: string, instances: CompiledServer[]): Promise<void> {
  console.log(`Starting api${instances.length + 1}${instances.length ? '' : ' (building the server first if a source changed)'}...`);
  instances.push(await startCompiledServer(databaseUrl, { env: INSTANCE_ENV }));
}

const lastLines = (text: string, count: number) => text.trimEnd().split('\n').slice(-count).join('\n');

function printPhase(result: PhaseResult): void {
  const { report } = result;
  console.log(
    `  ${result.instances} × ${result.load}: p50 ${ms(report.p50Ms)} ms, p99 ${ms(report.p99Ms)} ms, ${whole(report.perSecond)} req/s, ` +
      `failed ${report.failed}, answered by ${result.answeredBy.map(whole).join(' / ')}${result.problems.length ? `; FAIL: ${result.problems.join('; ')}` : ''}`,
  );
}

async function measureScale(): Promise<number> {
  let haproxyBinary: string;
  try {
    haproxyBinary = await ensureHaproxy();
  } catch (error) {
    if (!(error instanceof HaproxyMissingError)) throw error;
    console.error(error.message);
    return EXIT.usage;
  }

  const database = await openBenchDatabase({ keep: KEEP, rows: ROWS });
  let keepDatabase = false;
  run.undoLater(() => database.release(keepDatabase));
  const knex = createKnex(database.connectionString, 2, run.onPoolError);
  run.undoLater(() => BenchRun.within(knex.destroy()));
  let load: LoadTimings | undefined;
  if (!database.loaded) {
    console.log(`Loading ${whole(ROWS)} synthetic patients into a throwaway database (${database.serverLabel})...`);
    load = await loadPatients(knex, database.connectionString, ROWS, DATA_SEED);
  }
  // Only a completely loaded database is worth keeping.
  keepDatabase = KEEP;
  const facts: RunFacts = { machine: await describeMachine(knex, database.serverLabel), haproxy: await haproxyVersion(haproxyBinary), load };
  const staff = await createBenchStaff(knex, 'front_desk');
  const paths = searchPaths();

  const instances: CompiledServer[] = [];
  // All at once: each waits out its shutdown grace.
  run.undoLater(() => Promise.all(instances.map((instance) => instance.stop())));
  const directory = await mkdtemp(path.join(os.tmpdir(), 'portaldesk-haproxy-'));
  run.undoLater(() => rm(directory, { recursive: true, force: true }));
  const ports = { port: await freePort(), statsPort: await freePort() };
  let balancer: Haproxy | undefined;
  run.undoLater(async () => balancer?.stop());
  run.undoLater(async () => stopLoad());

  const results: PhaseResult[] = [];
  const record = (result: PhaseResult) => {
    results.push(result);
    printPhase(result);
  };
  let phases: Phases | undefined;
  for (let count = 1; count <= MAX_INSTANCES; count += 1) {
    if (run.interrupted) return EXIT.rejected;
    await startInstance(database.connectionString, instances);
    await balancer?.stop();
    balancer = await startHaproxy(haproxyBinary, directory, { ...ports, instancePorts: instances.map((instance) => instance.port) });
    // Once, through the balancer: the same session serves every instance of every topology.
    phases ??= new Phases(paths, await signIn(balancer.baseUrl, staff));
    console.log(`${count} instance(s) behind HAProxy:`);
    for (const rate of OPEN_RATES) {
      const shape: LoadShape = { kind: 'open', ratePerSecond: rate, seed: ARRIVALS_SEED };
      record(await phases.measure(balancer, count, `open ${rate}/s`, shape, OPEN_WARM_UP_SECONDS, SECONDS));
    }
    const closed: LoadShape = { kind: 'closed', connections: CLOSED_CONNECTIONS };
    record(await phases.measure(balancer, count, `closed, ${CLOSED_CONNECTIONS} connections`, closed, CLOSED_WARM_UP_SECONDS, CLOSED_SECONDS));
  }
  if (run.interrupted || !balancer || !phases) return EXIT.rejected;

  console.log(`Drain: ${MAX_INSTANCES} instances, open ${DRAIN_RATE}/s for ${SECONDS} s, SIGTERM to one halfway:`);
  const drain = await phases.drain(balancer, instances);
  record(drain);
  if (drain.exitCode !== 0) console.log(`    api${drain.instances}'s last output:\n${lastLines(instances[instances.length - 1].output(), 20)}`);

  console.log(`\n${consoleTable(results)}\n\n${drainLine(drain)}\n`);
  const section = markdownSection(facts, results, drain);
  if (PRINT_ONLY) {
    console.log(section);
  } else {
    const benchmarksFile = path.join(repoRoot, 'BENCHMARKS.md');
    await appendToBenchmarks(benchmarksFile, section, SCALE_CHAPTER);
    console.log(`Appended to ${path.relative(process.cwd(), benchmarksFile) || benchmarksFile}.`);
  }
  const failed = results.filter((result) => result.problems.length);
  if (failed.length) console.log(`${failed.length} of ${results.length} phases FAILED: see the verdict column.`);
  return failed.length ? EXIT.rejected : EXIT.ok;
}

await run.main(measureScale);
