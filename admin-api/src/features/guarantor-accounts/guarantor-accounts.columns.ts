/**
 * The columns of a guarantor accounts file, which the import reads and the console's import page
 * names. Plain values importing nothing, so the console bundles this module through the contract.
 */

/** The columns of a guarantor accounts file, in the order the billing system writes them. */
export const GUARANTOR_ACCOUNT_COLUMNS = [
  'account_number',
  'guarantor_family_name',
  'guarantor_given_name',
  'address_line1',
  'city',
  'state',
  'zip',
  'patient_mrns',
  'balance_cents',
  'service_location',
  'account_status',
] as const;
export type GuarantorAccountColumn = (typeof GUARANTOR_ACCOUNT_COLUMNS)[number];

/** Every column but the account's status, which a file may leave out (every account open). */
export const REQUIRED_GUARANTOR_ACCOUNT_COLUMNS: readonly GuarantorAccountColumn[] = GUARANTOR_ACCOUNT_COLUMNS.filter((column) => column !== 'account_status');
