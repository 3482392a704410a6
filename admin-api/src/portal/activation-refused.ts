/**
 * Every refused redemption gets exactly this answer, whatever the reason (wrong code, wrong
 * birth date, expired, used, revoked, locked): the portal must not help anyone guess. Staff see
 * the real reason in the support panel and the audit log.
 */
export const ACTIVATION_REFUSED = {
  status: 422,
  body: {
    code: 'activation_refused',
    message: 'The activation code and date of birth do not match a code that can be used. Check both, or call portal support for a new code.',
  },
} as const;
