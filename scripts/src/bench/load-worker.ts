/**
 * The load generator's own process (see load-generator.ts): receives one LoadJob over IPC, runs
 * its warm-up and measured phase, sends back a LoadReport and exits.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { runClosedLoop } from './closed-loop.ts';
import type { LoadJob, LoadReport, LoadShape, LoadTarget } from './load-generator.ts';
import { seededRandom } from './synthetic-patients.ts';

/** How long the open loop waits, after its last arrival, for answers still on their way. */
const STRAGGLER_WAIT_MS = 30_000;

/** What one phase collected, before it is summarized. */
class Tally {
  readonly latenciesMs: number[] = [];
  failed = 0;
  firstFailure: string | undefined;

  answered(latencyMs: number, status: number, path: string): void {
    this.latenciesMs.push(latencyMs);
    if (status < 200 || status > 299) this.fail(`HTTP ${status} for ${path.split('?')[0]}`);
  }

  fail(why: string): void {
    this.failed += 1;
    this.firstFailure ??= why;
  }

  report(elapsedMs: number): LoadReport {
    // A typed array sorts numerically.
    const sorted = Float64Array.from(this.latenciesMs).sort();
    const at = (fraction: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] : Number.NaN);
    return {
      requests: sorted.length,
      p50Ms: at(0.5),
      p95Ms: at(0.95),
      p99Ms: at(0.99),
      maxMs: at(1),
      perSecond: sorted.length / (elapsedMs / 1000),
      failed: this.failed,
      firstFailure: this.firstFailure,
    };
  }
}

/** Sends request number `sequence` of a phase; answers its HTTP status (SQL: 200) once answered. */
type Send = (sequence: number) => Promise<number>;

/**
 * Poisson arrivals at a fixed rate for `seconds`; each request's latency runs from the moment
 * it was due, not from when it left, so queueing behind a stall is never hidden by a late send.
 */
async function openLoop(shape: Extract<LoadShape, { kind: 'open' }>, seconds: number, send: Send, describe: (sequence: number) => string): Promise<LoadReport> {
  const random = seededRandom(shape.seed);
  const tally = new Tally();
  let inFlight = 0;
  let sequence = 0;
  let settled: () => void = () => undefined;

  const sendDue = (dueAt: number) => {
    const current = sequence++;
    inFlight += 1;
    send(current)
      .then(
        (status) => tally.answered(performance.now() - dueAt, status, describe(current)),
        (error: Error) => tally.fail(`${error.message} for ${describe(current)}`),
      )
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) settled();
      });
  };

  const start = performance.now();
  const end = start + seconds * 1000;
  let dueAt = start;
  for (;;) {
    dueAt += (-Math.log(1 - random()) / shape.ratePerSecond) * 1000;
    if (dueAt >= end) break;
    const wait = dueAt - performance.now();
    // Timers fire a millisecond late at best; the latency still counts from dueAt.
    if (wait >= 1) await sleep(Math.floor(wait));
    sendDue(dueAt);
  }
  if (inFlight > 0) {
    const allAnswered = new Promise<void>((resolve) => (settled = resolve));
    await Promise.race([allAnswered, sleep(STRAGGLER_WAIT_MS)]);
    for (let i = 0; i < inFlight; i += 1) tally.fail(`no answer within ${STRAGGLER_WAIT_MS / 1000} s of the last arrival`);
  }
  return tally.report(end - start);
}

/** The open loop over HTTP, on keep-alive connections opened as the arrivals need them. */
async function openLoopHttp(target: Extract<LoadTarget, { kind: 'http' }>, shape: Extract<LoadShape, { kind: 'open' }>, seconds: number): Promise<LoadReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const url = new URL(target.baseUrl);
  const pathOf = (sequence: number) => target.paths[sequence % target.paths.length];
  const send: Send = (sequence) =>
    new Promise((resolve, reject) => {
      const request = http.request({ host: url.hostname, port: url.port, path: pathOf(sequence), headers: target.headers, agent }, (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
      });
      request.once('error', reject);
      request.end();
    });
  try {
    return await openLoop(shape, seconds, send, (sequence) => pathOf(sequence).split('?')[0]);
  } finally {
    agent.destroy();
  }
}

/** The open loop straight through pg: each arrival sends its search's statements one after another. */
async function openLoopSql(
  target: Extract<LoadTarget, { kind: 'sql' }>,
  shape: Extract<LoadShape, { kind: 'open' }>,
  seconds: number,
  pool: pg.Pool,
): Promise<LoadReport> {
  const send: Send = async (sequence) => {
    for (const statement of target.statements[sequence % target.statements.length]) await pool.query(statement);
    return 200;
  };
  return openLoop(shape, seconds, send, () => 'SQL');
}

/** `connections` keep-alive clients (autocannon), each starting at its own place in the paths. */
async function closedLoopHttp(target: Extract<LoadTarget, { kind: 'http' }>, connections: number, seconds: number): Promise<LoadReport> {
  const tally = new Tally();
  const requests = target.paths.map((path) => ({ method: 'GET' as const, path }));
  let client = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    autocannon(
      {
        url: target.baseUrl,
        connections,
        duration: seconds,
        headers: target.headers,
        requests,
        setupClient(instance) {
          const offset = Math.floor((client++ * requests.length) / connections);
          instance.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
          instance.on('response', (status: number, _bytes: number, responseTimeMs: number) => tally.answered(responseTimeMs, status, 'a request'));
        },
      },
      (error) => (error ? reject(error) : resolve()),
    );
  });
  return tally.report(performance.now() - started);
}

/** The same statements straight through pg, each worker sending the next when the last answered. */
async function closedLoopSql(target: Extract<LoadTarget, { kind: 'sql' }>, workers: number, seconds: number, pool: pg.Pool): Promise<LoadReport> {
  const tally = new Tally();
  const result = await runClosedLoop({
    workers,
    durationMs: seconds * 1000,
    shouldStop: () => false,
    send: async (_worker, sequence) => {
      for (const statement of target.statements[sequence % target.statements.length]) await pool.query(statement);
    },
  });
  result.latenciesMs.forEach((latency) => tally.answered(latency, 200, 'SQL'));
  return tally.report(result.elapsedMs);
}

async function run({ target, shape, warmUpSeconds, seconds }: LoadJob): Promise<LoadReport> {
  if (target.kind === 'http') {
    const phase = (duration: number) => (shape.kind === 'open' ? openLoopHttp(target, shape, duration) : closedLoopHttp(target, shape.connections, duration));
    if (warmUpSeconds > 0) await phase(warmUpSeconds);
    return phase(seconds);
  }
  const pool = new pg.Pool({ connectionString: target.connectionString, max: target.poolSize, application_name: 'portaldesk-bench-sql' });
  const phase = (duration: number) =>
    shape.kind === 'open' ? openLoopSql(target, shape, duration, pool) : closedLoopSql(target, shape.connections, duration, pool);
  try {
    if (warmUpSeconds > 0) await phase(warmUpSeconds);
    return await phase(seconds);
  } finally {
    await pool.end();
  }
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (error: Error) => {
      console.error(`Load generator: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
});
