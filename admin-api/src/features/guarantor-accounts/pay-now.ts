import { phoneDisplay } from '../service-locations/service-locations.schema.ts';
import type { PayNowAnswer, PayNowReason } from './guarantor-accounts.schema.ts';

/** What Pay Now depends on: the account's balance and its location's payment settings. */
export interface PayNowFacts {
  balance_cents: number;
  accepts_online_payments: boolean;
  billing_phone: string;
}

/**
 * Whether an account offers "Pay Now", and why: the one answer the console, the message threads
 * and the portal's guest lookup all give. Nothing to pay (a zero balance) and a credit come
 * first, as no call to the billing office changes them; then a location that takes no online
 * payments, with its billing phone for the patient to call instead.
 */
export function payNow(facts: PayNowFacts): PayNowAnswer {
  if (facts.balance_cents === 0) return { available: false, reason: 'zero_balance' };
  if (facts.balance_cents < 0) return { available: false, reason: 'credit_balance' };
  if (!facts.accepts_online_payments) {
    return { available: false, reason: 'no_online_payments', billingPhone: facts.billing_phone, billingPhoneDisplay: phoneDisplay(facts.billing_phone) };
  }
  return { available: true, reason: 'available' };
}

/**
 * The same decision as a SQL condition per reason, for the list's `pay_now_reason` filter only:
 * kept beside payNow so the two are read and changed together (the tests hold them equal).
 * `account` and `location` are the query's aliases of guarantor_accounts and service_locations.
 */
export function payNowReasonCondition(reason: PayNowReason, account: string, location: string): string {
  switch (reason) {
    case 'zero_balance':
      return `${account}.balance_cents = 0`;
    case 'credit_balance':
      return `${account}.balance_cents < 0`;
    case 'no_online_payments':
      return `${account}.balance_cents > 0 AND NOT ${location}.accepts_online_payments`;
    case 'available':
      return `${account}.balance_cents > 0 AND ${location}.accepts_online_payments`;
  }
}
