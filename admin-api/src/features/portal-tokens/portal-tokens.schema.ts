import { z } from 'zod';
import { wire } from '../../lib/validation.ts';

export const createPortalTokenBody = z.strictObject({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters'),
});

/** An integration token as the admins' list shows it: never the token itself. */
export const portalTokenRecord = z.strictObject({
  id: wire.id,
  name: z.string(),
  created_at: wire.instant,
  created_by_username: z.string().nullable(),
  last_used_at: wire.instant.nullable(),
  revoked_at: wire.instant.nullable().meta({ description: 'When it was first revoked; null while it works' }),
});

/** A token just created, with the token itself: shown this once, only its hash is kept. */
export const createdPortalTokenRecord = portalTokenRecord.extend({
  token: z.string().meta({ description: 'The bearer token (pdt_…) for the portal to send as Authorization: Bearer' }),
});
