import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';

/**
 * Waits until `pacedMs` after `arrivedAt` (performance.now()), so every answer of a kind leaves
 * at the same time and the work behind it (a known record's checks, audit rows) does not show.
 */
export async function keepPace(arrivedAt: number, pacedMs: number): Promise<void> {
  const wait = arrivedAt + pacedMs - performance.now();
  if (wait > 0) await setTimeout(wait);
}
