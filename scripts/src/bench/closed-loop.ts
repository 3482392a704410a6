/** What one measured phase produced: every request's latency and the phase's wall time. */
export interface LoopResult {
  latenciesMs: number[];
  elapsedMs: number;
}

export interface LoopOptions {
  /** Requests in flight at any moment: each worker sends its next request when the last one answers. */
  workers: number;
  durationMs: number;
  /** Checked between requests, so Ctrl-C ends a phase without waiting for its deadline. */
  shouldStop: () => boolean;
  /** Sends one request; `sequence` counts requests across all workers, from 0. */
  send: (worker: number, sequence: number) => Promise<unknown>;
}

/**
 * Drives `send` from `workers` concurrent loops until the duration is over (a closed loop: the
 * load never exceeds what the system answers). The first error stops the phase and is rethrown.
 */
export async function runClosedLoop({ workers, durationMs, shouldStop, send }: LoopOptions): Promise<LoopResult> {
  const latenciesMs: number[] = [];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(durationMs * 1e6));
  let sequence = 0;
  let failure: unknown;
  const worker = async (index: number) => {
    while (failure === undefined && !shouldStop() && process.hrtime.bigint() < deadline) {
      const sent = process.hrtime.bigint();
      try {
        await send(index, sequence++);
      } catch (error) {
        failure ??= error;
        return;
      }
      latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  if (failure !== undefined) throw failure;
  return { latenciesMs, elapsedMs: Number(process.hrtime.bigint() - start) / 1e6 };
}

/** Latency percentiles and throughput of one phase. */
export interface PhaseSummary {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  perSecond: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** Summarizes a phase from all of its samples. */
export function summarize({ latenciesMs, elapsedMs }: LoopResult): PhaseSummary {
  // A typed array sorts numerically; a plain array would sort as strings.
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    requests: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: percentile(sorted, 1),
    perSecond: sorted.length / (elapsedMs / 1000),
  };
}
