/**
 * The labels and messages of the guarantor accounts: the list billing and the privacy office
 * read, an account's page, the compact panel beside a billing message, the Pay Now answer in
 * words (payNow.ts) and the admins' CSV import. Each of those adds them (addMessages) as it
 * loads; the menu's name for the resource is in i18n.ts.
 */
export const guarantorAccountMessages = {
  resources: {
    'guarantor-accounts': {
      name: 'Guarantor account |||| Guarantor accounts',
      fields: {
        account_number: 'Account number',
        guarantor: 'Guarantor',
        guarantor_family_name: 'Guarantor',
        guarantor_given_name: 'Guarantor given name',
        balance_cents: 'Balance',
        service_location_id: 'Service location',
        service_location_name: 'Service location',
        patient_count: 'Patients',
        pay_now_reason: 'Pay Now',
        payNow: 'Pay Now',
        q: 'Account number or guarantor',
        closed_at: 'Closed',
        imported_at: 'Last imported',
      },
    },
  },
  portal: {
    guarantor_accounts: {
      closed: 'Closed',
      closed_on: 'Closed %{date}',
      open: 'Open',
      patients_count: '%{smart_count} patient |||| %{smart_count} patients',
      patient: '%{name} (MRN %{mrn})',
      open_patient: 'Open the patient record (MRN %{mrn})',
      no_patients: 'No patient is on this account.',
      title: 'Guarantor account %{number}',
      panel_title: 'Guarantor account %{number}',
      open_account: 'Open the account page',
      loading: 'Loading the guarantor account…',
      load_failed: 'The guarantor account could not be loaded: %{message}',
      sections: {
        account: 'Account',
        guarantor: 'Guarantor',
        patients: 'Patients on this account',
        location: 'Service location',
        pay_now: 'Pay Now',
      },
      address: 'Address',
      status: 'Status',
      balance: 'Balance',
      location: 'Service location',
      billing_phone: 'Billing phone',
      location_with_phone: '%{name} · billing phone %{phone}',
      online_payments: 'Online payments',
      takes_online_payments: 'Takes online payments',
      no_online_payments: 'Takes no online payments',
      imported_at: 'Last imported',
      search: {
        label: 'Filter guarantor accounts',
        q_help: 'Start of the account number, or the guarantor’s name',
        any_location: 'Any location',
        any_reason: 'Any',
      },
      empty: 'No guarantor accounts yet',
      empty_help: 'An administrator loads them from the billing system’s CSV export (Import guarantor accounts).',
      empty_filtered: 'No guarantor account matches these filters',
      empty_filtered_help: 'Check the account number or name, or clear the filters.',
    },
    pay_now: {
      sentence: {
        available: 'Pay Now is available',
        zero_balance: 'No Pay Now: the balance is zero',
        credit_balance: 'No Pay Now: the account is in credit',
        no_online_payments: 'No Pay Now: %{location} takes no online payments — patients pay by calling %{phone}',
        no_online_payments_no_phone: 'No Pay Now: %{location} takes no online payments — patients pay by calling its billing office',
      },
      chip: {
        available: 'Pay Now',
        unavailable: 'No Pay Now',
      },
      reason: {
        available: 'Available',
        zero_balance: 'Balance is zero',
        credit_balance: 'Account in credit',
        no_online_payments: 'No online payments: call %{phone}',
        no_online_payments_no_phone: 'No online payments: call the billing office',
      },
      /** The filter's choices: the reason that applies. */
      filter: {
        available: 'Available',
        zero_balance: 'Not available: balance is zero',
        credit_balance: 'Not available: account in credit',
        no_online_payments: 'Not available: location takes no online payments',
      },
      this_location: 'its service location',
    },
    guarantor_import: {
      menu: 'Import guarantor accounts',
      title: 'Import guarantor accounts',
      intro:
        'Load the billing system’s guarantor accounts (a CSV file). Check it first: the check writes nothing. A file whose check found no bad row can then be imported; an import is all or nothing, and accounts are known by their account number, so importing the same file again changes nothing.',
      columns: 'The first line names the columns, in this order:',
      optional:
        'An eleventh column, account_status (open or closed; empty means open), is optional. patient_mrns lists MRNs separated by “;”; service_location names an existing service location, in any case or spacing; balance_cents is in cents, negative for a credit.',
      account_number: 'Account number',
      done: 'Imported: %{inserted} new, %{updated} changed, %{unchanged} unchanged.',
      rejected:
        '%{smart_count} row was rejected, so nothing was written. Fix it in the billing export and check the file again. |||| %{smart_count} rows were rejected, so nothing was written. Fix them in the billing export and check the file again.',
      counts: {
        rowsRead: 'Rows read',
        valid: 'Valid',
        rejected: 'Rejected',
        inserted: 'New accounts',
        updated: 'Changed',
        unchanged: 'Unchanged',
      },
    },
  },
};
