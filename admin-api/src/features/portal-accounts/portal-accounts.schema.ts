import { z } from 'zod';

const version = z.number({ error: 'is required (the version you read)' }).int().positive();

export const accountVersionBody = z.strictObject({ version });

export const deactivateAccountBody = z.strictObject({
  version,
  reason: z.string({ error: 'is required' }).trim().min(3, 'needs a few words').max(500, 'is too long'),
});
