import { z } from 'zod';
import { isoInstant, wire } from '../../lib/validation.ts';
import { INELIGIBLE_REASONS, redemptionFailureReason } from '../activation-codes/activation-codes.schema.ts';

const version = z.number({ error: 'is required (the version you read)' }).int().positive();

export const accountVersionBody = z.strictObject({ version });

export const deactivateAccountBody = z.strictObject({
  version,
  reason: z.string({ error: 'is required' }).trim().min(3, 'needs a few words saying why').max(500, 'is too long: at most 500 characters'),
  revokeProxies: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .meta({ description: "Also end every proxy's access to this patient's record, with the same reason" }),
});

/** What the portal reports of a sign-in: it worked, it failed, or the failures locked the account. */
export const SIGN_IN_EVENTS = ['success', 'failure', 'locked'] as const;

export const signInEventBody = z.strictObject({
  username: z.string({ error: 'is required' }).trim().min(1, 'is required').max(64),
  event: z.enum(SIGN_IN_EVENTS, { error: 'must be success, failure or locked' }),
  occurredAt: isoInstant.optional(),
});

export const passwordResetSpendBody = z.strictObject({ token: z.string({ error: 'is required' }).min(20).max(100) });

/** A portal account is active, locked after failed sign-ins, or deactivated by support. */
export const ACCOUNT_STATUSES = ['active', 'locked', 'deactivated'] as const;

/** Why a patient can or cannot sign in, as one word the console turns into a sentence. */
export const PANEL_STATES = [
  'no_account',
  'code_pending',
  'code_expired',
  'code_revoked',
  'code_locked',
  ...ACCOUNT_STATUSES,
  'identity_check_failed',
] as const;

/** Where an activation code stands: still redeemable, or why not. */
export const CODE_STATES = ['live', 'expired', 'redeemed', 'revoked', 'locked'] as const;

/** A patient's portal account as support sees it. */
export const portalAccountRecord = z.strictObject({
  id: wire.id,
  username: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  activated_at: wire.instant,
  last_sign_in_at: wire.instant.nullable(),
  locked_at: wire.instant.nullable(),
  deactivated_at: wire.instant.nullable(),
  deactivated_by_name: z.string().nullable().meta({ description: 'The staff member who deactivated it' }),
  deactivation_reason: z.string().nullable(),
  version: z.number().int().meta({ description: 'Send it back with a change: a change made meanwhile makes it a 409' }),
});

/** The patient's newest activation code: its facts and state, never the code or its hash. */
export const latestCodeRecord = z.strictObject({
  id: wire.id,
  issued_at: wire.instant,
  issued_by_name: z.string().nullable(),
  location: z.string().nullable(),
  expires_at: wire.instant,
  failed_attempts: z.number().int(),
  birth_date_failures: z.number().int().meta({ description: 'Wrong birth dates given with the right code: these, and only these, lock the code' }),
  failing_devices: z.number().int().meta({ description: 'Devices that failed with this code at least once' }),
  devices_shut_out: z.number().int().meta({ description: 'Devices that used up their attempts on this code' }),
  redeemed_at: wire.instant.nullable(),
  revoked_at: wire.instant.nullable(),
  locked_at: wire.instant.nullable(),
  state: z.enum(CODE_STATES),
});

/** The "why can't they log in" panel: the account's state, the facts behind it, and the next actions the caller may take. */
export const portalAccountPanelRecord = z.strictObject({
  id: wire.id.meta({ description: "The patient's id" }),
  state: z.enum(PANEL_STATES),
  patient: z.strictObject({ id: wire.id, mrn: z.string(), family_name: z.string(), given_name: z.string(), has_email: z.boolean() }),
  account: portalAccountRecord.nullable(),
  latest_code: latestCodeRecord.nullable(),
  sign_ins: z
    .array(z.strictObject({ kind: z.enum(SIGN_IN_EVENTS), occurred_at: wire.instant, client_address: z.string().nullable() }))
    .meta({ description: 'The last 10 sign-in events the portal reported, newest first' }),
  identity_failures: z
    .array(z.strictObject({ id: wire.id, reported_at: wire.instant, reason: z.string() }))
    .meta({ description: "The patient's open identity-check failures, newest first" }),
  failed_redemptions: z
    .array(z.strictObject({ occurred_at: wire.instant, reason: redemptionFailureReason }))
    .meta({ description: "The last 5 failed redemptions of the patient's codes, with the reason the portal was not told" }),
  eligibility: z
    .discriminatedUnion('eligible', [
      z.strictObject({ eligible: z.literal(true) }),
      z.strictObject({ eligible: z.literal(false), code: z.enum(INELIGIBLE_REASONS), message: z.string() }),
    ])
    .meta({ description: 'Whether the patient may get an activation code now, and if not why' }),
  actions: z.array(z.enum(['issue_code', 'unlock', 'send_password_reset', 'deactivate', 'reactivate'])),
  open_proxies: z
    .number()
    .int()
    .meta({ description: "How many people see this patient's record as proxies (deactivating asks whether to end their access too)" }),
});

/** A password-reset link sent: where, in words (staff never see the address or the link), and until when it works. */
export const passwordResetSent = z.strictObject({
  sent_to: z.string(),
  expires_at: wire.instant,
});

/** The portal's sign-in report was received; the same answer whether or not the username has an account. */
export const signInEventReceived = z.strictObject({ recorded: z.literal(true) });

/** The account a spent password-reset link opens, for the portal to let the patient choose a new password. */
export const openedPortalAccount = z.strictObject({
  account: z.strictObject({ username: z.string(), status: z.enum(['active', 'locked']) }),
});
