import { describe, expect, it } from 'vitest';
import { i18nProvider } from '../../i18n.ts';
import { formatBalance, payNowSentence, payNowShort } from './payNow.ts';
import { PAY_NOW } from './testAccount.ts';

const translate = i18nProvider.translate;

describe('formatBalance', () => {
  it.each([
    [123456, '$1,234.56'],
    [0, '$0.00'],
    [1, '$0.01'],
    [-1250, '$12.50 credit'],
    [-1, '$0.01 credit'],
    [123456789012, '$1,234,567,890.12'],
  ])('when the balance is %i cents, then it reads %s', (cents, words) => {
    expect(formatBalance(cents)).toBe(words);
  });
});

describe('payNowSentence', () => {
  it('when each reason applies, then it is said in words, the location and its billing phone named when patients must call', () => {
    expect(payNowSentence(PAY_NOW.available, 'Hartford Hospital', translate)).toBe('Pay Now is available');
    expect(payNowSentence(PAY_NOW.zero_balance, 'Hartford Hospital', translate)).toBe('No Pay Now: the balance is zero');
    expect(payNowSentence(PAY_NOW.credit_balance, 'Hartford Hospital', translate)).toBe('No Pay Now: the account is in credit');
    expect(payNowSentence(PAY_NOW.no_online_payments, 'Windham Clinic', translate)).toBe(
      'No Pay Now: Windham Clinic takes no online payments — patients pay by calling (860) 972-4993',
    );
  });

  it('when the answer has only the E.164 phone or no location name, then the sentence still tells whom to call', () => {
    expect(payNowSentence({ available: false, reason: 'no_online_payments', billingPhone: '+18609724993' }, null, translate)).toBe(
      'No Pay Now: its service location takes no online payments — patients pay by calling +18609724993',
    );
    expect(payNowSentence({ available: false, reason: 'no_online_payments' }, 'Windham Clinic', translate)).toBe(
      'No Pay Now: Windham Clinic takes no online payments — patients pay by calling its billing office',
    );
  });

  it('when a list shows it, then the chip and the reason are short', () => {
    expect(payNowShort(PAY_NOW.available, translate)).toEqual({ label: 'Pay Now', reason: 'Available' });
    expect(payNowShort(PAY_NOW.credit_balance, translate)).toEqual({ label: 'No Pay Now', reason: 'Account in credit' });
    expect(payNowShort(PAY_NOW.no_online_payments, translate)).toEqual({ label: 'No Pay Now', reason: 'No online payments: call (860) 972-4993' });
  });
});
