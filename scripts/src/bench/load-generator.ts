import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PhaseSummary } from './closed-loop.ts';

/** Where the load goes: the API over HTTP (keep-alive), or the same SQL through a pg pool. */
export type LoadTarget =
  | { kind: 'http'; baseUrl: string; paths: string[]; headers?: Record<string, string> }
  | { kind: 'sql'; connectionString: string; poolSize: number; statements: { text: string; values?: unknown[] }[][] };

/**
 * How the load arrives. Open loop: requests at `ratePerSecond` with Poisson (exponential)
 * gaps whatever the answers do, latency counted from when each request was due, so a stall
 * shows in every request that waited behind it. Closed loop: `connections` clients each sending
 * the next request when the last one answered, to find the throughput at saturation.
 */
export type LoadShape = { kind: 'open'; ratePerSecond: number; seed: number } | { kind: 'closed'; connections: number };

export interface LoadJob {
  target: LoadTarget;
  shape: LoadShape;
  warmUpSeconds: number;
  seconds: number;
}

/** One measured phase as the generator saw it. */
export interface LoadReport extends PhaseSummary {
  p95Ms: number;
  /** Answers other than 2xx, connection failures and requests still unanswered at the end. */
  failed: number;
  /** The first failure, to tell a broken run from a slow one. */
  firstFailure?: string;
}

const workerFile = fileURLToPath(new URL('./load-worker.ts', import.meta.url));
const running = new Set<ChildProcess>();

/**
 * Runs one phase in a process of its own (the load generator never shares the API's event
 * loop) and answers what it measured.
 */
export function runLoad(job: LoadJob): Promise<LoadReport> {
  return new Promise((resolve, reject) => {
    const child = fork(workerFile, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    running.add(child);
    let report: LoadReport | undefined;
    child.once('message', (message) => (report = message as LoadReport));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (report) resolve(report);
      else reject(new Error(`The load generator stopped without a report (${signal ?? `exit code ${code}`}).`));
    });
    child.send(job);
  });
}

/** Stops every load generator still running (Ctrl-C). */
export function stopLoad(): void {
  for (const child of running) child.kill('SIGTERM');
}
