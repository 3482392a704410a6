import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';

/** Why an account offers Pay Now or not, in the order they are decided (see pay-now.ts). */
export const PAY_NOW_REASONS = ['available', 'zero_balance', 'credit_balance', 'no_online_payments'] as const;
export type PayNowReason = (typeof PAY_NOW_REASONS)[number];

/**
 * Whether "Pay Now" is offered on an account, and why. A location that takes no online payments
 * gives its billing phone, so staff and the portal can say whom to call.
 */
export const payNowAnswer = z.strictObject({
  available: z.boolean(),
  reason: z.enum(PAY_NOW_REASONS),
  billingPhone: z.string().optional().meta({ description: 'E.164; only with no_online_payments' }),
  billingPhoneDisplay: z.string().optional().meta({ description: '(860) 972-4993; only with no_online_payments' }),
});
export type PayNowAnswer = z.output<typeof payNowAnswer>;

/** Most characters of a search for an account number or a guarantor's name. */
const MAX_QUERY = 100;

export const guarantorAccountFilter = z.strictObject({
  /** The start of an account number, or part of the guarantor's name. */
  q: z.string().trim().max(MAX_QUERY, `is too long: at most ${MAX_QUERY} characters`).optional(),
  patient_id: z.number({ error: 'must be a patient id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  service_location_id: z.number({ error: 'must be a location id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  pay_now_reason: z.enum(PAY_NOW_REASONS, { error: `must be one of ${PAY_NOW_REASONS.join(', ')}` }).optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type GuarantorAccountFilter = z.output<typeof guarantorAccountFilter>;

export const guarantorAccountList: ListSpec<typeof guarantorAccountFilter> = {
  sortable: ['account_number', 'balance_cents', 'guarantor_family_name'],
  defaultSort: ['account_number', 'ASC'],
  filter: guarantorAccountFilter,
  maxPageSize: 100,
};

/** An account as billing lists it, with its Pay Now answer. */
export const guarantorAccountRecord = z.strictObject({
  id: wire.id,
  account_number: z.string(),
  guarantor_family_name: z.string(),
  guarantor_given_name: z.string(),
  balance_cents: z.number().int().meta({ description: 'Negative is a credit' }),
  service_location_id: wire.id,
  service_location_name: z.string(),
  closed_at: wire.instant.nullable(),
  patient_count: z.number().int(),
  payNow: payNowAnswer,
  imported_at: wire.instant.meta({ description: 'When an import last wrote a change to it' }),
  version: z.number().int().positive().meta({ description: 'Steps each time an import changes the account' }),
});
export type GuarantorAccountRecord = z.output<typeof guarantorAccountRecord>;

/** One account in full: the guarantor's address, its location and the patients it covers. */
export const guarantorAccountDetail = guarantorAccountRecord.extend({
  address_line1: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  service_location: z.strictObject({
    id: wire.id,
    name: z.string(),
    billing_phone: z.string(),
    billing_phone_display: z.string(),
    accepts_online_payments: z.boolean(),
  }),
  patients: z.array(z.strictObject({ id: wire.id, mrn: z.string(), family_name: z.string(), given_name: z.string() })),
});
export type GuarantorAccountDetail = z.output<typeof guarantorAccountDetail>;

export const guarantorAccountImportQuery = z.strictObject({
  file_name: z.string().trim().min(1).max(200).default('guarantor-accounts.csv'),
  dry_run: z
    .enum(['true', 'false'], { error: "must be 'true' or 'false'" })
    .optional()
    .transform((value) => value === 'true'),
});

const rowReject = z.strictObject({
  line: z.number().int().meta({ description: 'The line of the file where the row starts (1 is the header)' }),
  account_number: z.string().nullable().meta({ description: "The row's account number when it is well-formed" }),
  problems: z.array(z.strictObject({ field: z.string(), reason: z.string() })),
});

export const guarantorAccountImportReport = z.strictObject({
  fileName: z.string(),
  dryRun: z.boolean(),
  committed: z.boolean().meta({ description: 'The accounts were written: not a dry run, and no row rejected' }),
  rowsRead: z.number().int().meta({ description: 'Data rows in the file, without the header and blank lines' }),
  valid: z.number().int(),
  rejected: z.number().int(),
  inserted: z.number().int().meta({ description: 'New account numbers' }),
  updated: z.number().int().meta({ description: 'Known account numbers whose account changed (fields, patients or status)' }),
  unchanged: z.number().int(),
  seconds: z.number(),
  rejects: z.array(rowReject).meta({ description: 'The first 1,000 rejected rows, in the order found' }),
});
export type GuarantorAccountImportReport = z.output<typeof guarantorAccountImportReport>;

/** Most characters of an account number as billing systems print them. */
export const MAX_ACCOUNT_NUMBER = 30;
/** Letters and digits, with '-' inside: what billing systems print on a statement. */
export const ACCOUNT_NUMBER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,28}[A-Za-z0-9])?$/;

/** An account number as a patient or guest may type it: spaces dropped, letters in capitals as imports store them. */
export const normalizedAccountNumber = (typed: string) => typed.replace(/\s+/g, '').toUpperCase();

/** Most characters of a field a lookup form could send; longer is a broken request, told as such (400). */
export const GUEST_LOOKUP_MAX_CHARACTERS = { accountNumber: 64, lastName: 200 } as const;

/**
 * A guest's lookup, as the portal forwards it. The route judges it itself: a value that cannot
 * be an account number or a name, or a field besides these two, answers the same miss as a wrong one.
 */
export const guestLookupBody = z.strictObject({
  accountNumber: z.string().max(GUEST_LOOKUP_MAX_CHARACTERS.accountNumber).meta({ description: 'As the statement prints it; spaces and case ignored' }),
  lastName: z
    .string()
    .max(GUEST_LOOKUP_MAX_CHARACTERS.lastName)
    .meta({ description: "The guarantor's family name; case, accents, spaces and punctuation ignored" }),
});

export const guestLookupAnswer = z.strictObject({
  accountNumber: z.string(),
  balanceCents: z.number().int().meta({ description: 'Negative is a credit' }),
  payNow: payNowAnswer,
});
export type GuestLookupAnswer = z.output<typeof guestLookupAnswer>;
