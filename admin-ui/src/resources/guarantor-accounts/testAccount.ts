import type { GuarantorAccount, GuarantorAccountDetail, PayNow } from '@portaldesk/admin-api/contract';

/** The Pay Now answers the API gives, one per reason. */
export const PAY_NOW: Record<PayNow['reason'], PayNow> = {
  available: { available: true, reason: 'available' },
  zero_balance: { available: false, reason: 'zero_balance' },
  credit_balance: { available: false, reason: 'credit_balance' },
  no_online_payments: { available: false, reason: 'no_online_payments', billingPhone: '+18609724993', billingPhoneDisplay: '(860) 972-4993' },
};

/** A guarantor account as the list answers it, for the console's tests. */
export const accountRow = (id: number, overrides: Partial<GuarantorAccount> = {}): GuarantorAccount => ({
  id,
  account_number: `HH-${1000 + id}`,
  guarantor_family_name: 'Okafor',
  guarantor_given_name: 'Ngozi',
  balance_cents: 123456,
  service_location_id: 3,
  service_location_name: 'Hartford Hospital',
  closed_at: null,
  patient_count: 2,
  payNow: PAY_NOW.available,
  imported_at: '2026-12-01T15:00:00Z',
  version: 1,
  ...overrides,
});

/** A guarantor account as GET guarantor-accounts/:id answers it. */
export const accountDetail = (id: number, overrides: Partial<GuarantorAccountDetail> = {}): GuarantorAccountDetail => ({
  ...accountRow(id),
  address_line1: '80 Seymour St',
  city: 'Hartford',
  state: 'CT',
  zip: '06102',
  service_location: {
    id: 3,
    name: 'Hartford Hospital',
    billing_phone: '+18609724993',
    billing_phone_display: '(860) 972-4993',
    accepts_online_payments: true,
  },
  patients: [
    { id: 42, mrn: '10000042', family_name: 'Okafor', given_name: 'Chidi' },
    { id: 43, mrn: '10000043', family_name: 'Okafor', given_name: 'Ada' },
  ],
  ...overrides,
});
