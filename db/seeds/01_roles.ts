import type { Knex } from 'knex';

/** The roles of DOMAIN.md. Upserted on every start so labels follow the code. */
export const ROLE_ROWS = [
  { name: 'front_desk', label: 'Front desk', description: 'Find patients, issue and print activation codes, see portal account status' },
  { name: 'support', label: 'Phone support', description: 'Account panel, reset access, unlock, password-reset links, deactivate and reactivate' },
  { name: 'roi', label: 'Release of Information', description: 'Proxy requests, documents, demographic change review, medical-records messages' },
  { name: 'clinical', label: 'Clinical', description: 'Result release decisions and holds' },
  { name: 'billing', label: 'Billing customer service', description: 'Guarantor accounts and billing messages' },
  { name: 'compliance', label: 'Privacy office', description: 'Read-only: audit log and per-patient access ledger' },
  { name: 'admin', label: 'Administrator', description: 'Staff users and roles, settings' },
];

export async function seed(knex: Knex): Promise<void> {
  await knex('roles').insert(ROLE_ROWS).onConflict('name').merge(['label', 'description']);
}
