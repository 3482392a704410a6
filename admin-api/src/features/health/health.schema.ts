import { z } from 'zod';

/** The process answers. */
export const livenessResult = z.strictObject({ status: z.literal('ok') });

/**
 * Whether the balancer should send requests here: the database answers and the process is not
 * shutting down (503 otherwise, with which of the two).
 */
export const readinessResult = z.union([
  z.strictObject({ status: z.literal('ok'), database: z.literal('ok') }),
  z.strictObject({ status: z.literal('draining'), database: z.literal('not checked') }),
  z.strictObject({ status: z.literal('unavailable'), database: z.literal('unreachable') }),
]);
