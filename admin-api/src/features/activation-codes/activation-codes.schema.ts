import { z } from 'zod';
import { isoDate } from '../../lib/validation.ts';

export const issueCodeBody = z.strictObject({
  /** Where the code was handed over (a clinic or desk), for the weekly report. */
  location: z.string().trim().min(1).max(100).optional(),
});

/** The portal's redemption request. Usernames: what the portal itself allows, checked again here. */
export const redemptionBody = z.strictObject({
  code: z.string({ error: 'is required' }).max(40, 'is too long'),
  dateOfBirth: isoDate,
  username: z
    .string({ error: 'is required' })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$/, 'must be 3 to 64 letters, digits, dot, dash, underscore or @, starting with a letter or digit'),
});
