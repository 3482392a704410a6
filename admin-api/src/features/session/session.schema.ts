import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../auth/passwords.ts';
import { ACTIONS, RESOURCES, ROLES } from '../../auth/policy.ts';
import { wire } from '../../lib/validation.ts';

export const signInBody = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(64, 'is too long: at most 64 characters'),
  password: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(MAX_PASSWORD_LENGTH * 4, 'is too long'),
});

export const changePasswordBody = z.strictObject({
  current_password: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(MAX_PASSWORD_LENGTH * 4, 'is too long'),
  new_password: z.string({ error: 'is required' }).min(1, 'is required'),
});

/** Who is signed in, what they may do, their organization and their session's limits: what the console keeps in memory. */
export const sessionInfo = z.strictObject({
  staff: z.strictObject({ id: wire.id, username: z.string(), displayName: z.string(), roles: z.array(z.enum(ROLES)) }),
  permissions: z
    .partialRecord(z.enum(RESOURCES), z.array(z.enum(ACTIONS)))
    .meta({ description: 'The actions their roles allow on each resource, merged; a resource they may do nothing with is absent' }),
  csrfToken: z.string().meta({ description: 'Send it as X-CSRF-Token with every request that changes something' }),
  organization: z.strictObject({
    name: z.string(),
    portalName: z.string(),
    portalAddress: z.url().meta({ description: "The patient portal's https:// address" }),
    supportPhone: z.string(),
    supportHours: z.string(),
    timeZone: z.string().meta({ description: 'IANA time zone, e.g. America/New_York' }),
  }),
  session: z.strictObject({
    signedInAt: wire.instant,
    expiresAt: wire.instant.meta({ description: 'The absolute limit: the session ends then however active it is' }),
    idleMinutes: z.number().int().meta({ description: 'The session ends after this many minutes without a request' }),
    idleWarningSeconds: z.number().int().meta({ description: 'How long before the idle end the console warns' }),
  }),
});
