import { z } from 'zod';

/** The process answers. */
export const livenessResult = z.strictObject({ status: z.literal('ok') });

/** The process answers and reaches its database. */
export const readinessResult = z.strictObject({ status: z.literal('ok'), database: z.literal('ok') });
