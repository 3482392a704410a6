import { z } from 'zod';
import { wire } from '../../lib/validation.ts';

const token = z.string({ error: 'is required' }).regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link token');

export const verifyTokenBody = z.strictObject({ token });
export const completeResetBody = z.strictObject({
  token,
  new_password: z.string({ error: 'is required' }).min(1, 'is required'),
});

/** A one-time password link, shown once: whoever holds it chooses the staff member's password. */
export const passwordLinkRecord = z.strictObject({
  url: z.url().meta({ description: "The console's set-password page, with the token in the fragment (never sent to a server)" }),
  expires_at: wire.instant,
});

/** Whom a live link belongs to, so the page can greet them before they choose a password. */
export const passwordLinkOwnerResult = z.strictObject({
  username: z.string(),
  display_name: z.string(),
  expires_at: wire.instant,
});

/** The account whose password was just set; they sign in with it next. */
export const passwordResetResult = z.strictObject({ username: z.string() });
