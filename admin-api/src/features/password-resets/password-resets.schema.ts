import { z } from 'zod';

const token = z.string({ error: 'is required' }).regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link token');

export const verifyTokenBody = z.strictObject({ token });
export const completeResetBody = z.strictObject({
  token,
  new_password: z.string({ error: 'is required' }).min(1, 'is required'),
});
