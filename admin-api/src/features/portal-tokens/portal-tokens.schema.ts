import { z } from 'zod';

export const createPortalTokenBody = z.strictObject({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long'),
});
