import type { TranslateFunction } from 'react-admin';
import type { PayNow } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { guarantorAccountMessages } from './messages.ts';

// Whoever shows a Pay Now answer (the list, an account's page, the panel beside a billing message) has its words.
addMessages(guarantorAccountMessages);

export type PayNowReason = PayNow['reason'];

/** The reasons in the order billing thinks of them: available first, then why not. */
export const PAY_NOW_REASONS: readonly PayNowReason[] = ['available', 'zero_balance', 'credit_balance', 'no_online_payments'];

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/**
 * A balance in cents as people read it on a bill: "$1,234.56"; a negative balance is money the
 * hospital owes the guarantor, "$12.50 credit", never "-$12.50".
 */
export function formatBalance(cents: number): string {
  const amount = USD.format(Math.abs(cents) / 100);
  return cents < 0 ? `${amount} credit` : amount;
}

/** The billing phone patients call when there is no Pay Now, as people read it. */
const phoneOf = (payNow: PayNow) => payNow.billingPhoneDisplay ?? payNow.billingPhone;

/**
 * The Pay Now answer in one sentence: "Pay Now is available", or why not: the balance is zero,
 * the account is in credit, or `locationName` takes no online payments (with its billing phone).
 * The one place the console turns a Pay Now answer into words.
 */
export function payNowSentence(payNow: PayNow, locationName: string | null | undefined, translate: TranslateFunction): string {
  if (payNow.reason !== 'no_online_payments') return translate(`portal.pay_now.sentence.${payNow.reason}`);
  const phone = phoneOf(payNow);
  const location = locationName || translate('portal.pay_now.this_location');
  return phone
    ? translate('portal.pay_now.sentence.no_online_payments', { location, phone })
    : translate('portal.pay_now.sentence.no_online_payments_no_phone', { location });
}

/**
 * The Pay Now answer in a list's few words: the chip's label ("Pay Now" / "No Pay Now") and the
 * reason beside it ("Balance is zero", "No online payments: call (860) 972-4993").
 */
export function payNowShort(payNow: PayNow, translate: TranslateFunction): { label: string; reason: string } {
  const label = translate(payNow.available ? 'portal.pay_now.chip.available' : 'portal.pay_now.chip.unavailable');
  if (payNow.reason !== 'no_online_payments') return { label, reason: translate(`portal.pay_now.reason.${payNow.reason}`) };
  const phone = phoneOf(payNow);
  return {
    label,
    reason: phone ? translate('portal.pay_now.reason.no_online_payments', { phone }) : translate('portal.pay_now.reason.no_online_payments_no_phone'),
  };
}

/** A Pay Now reason as the list's filter offers it. */
export const payNowFilterLabel = (reason: PayNowReason, translate: TranslateFunction) => translate(`portal.pay_now.filter.${reason}`);
