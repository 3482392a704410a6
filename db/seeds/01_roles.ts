import type { Knex } from 'knex';

/**
 * The roles of DOMAIN.md. Upserted on every start so labels follow the code. `reads_patient_data`
 * mirrors the API's policy (a test keeps the two in step); the database uses it to keep admin
 * apart from every role that reads patient data.
 */
export const ROLE_ROWS = [
  {
    name: 'front_desk',
    label: 'Front desk',
    description: 'Find patients, issue and print activation codes, see portal account status',
    reads_patient_data: true,
  },
  {
    name: 'support',
    label: 'Phone support',
    description: 'Account panel, reset access, unlock, password-reset links, deactivate and reactivate',
    reads_patient_data: true,
  },
  {
    name: 'roi',
    label: 'Release of Information',
    description: 'Proxy requests, documents, demographic change review, medical-records messages',
    reads_patient_data: true,
  },
  { name: 'clinical', label: 'Clinical', description: 'Result release decisions and holds', reads_patient_data: true },
  { name: 'billing', label: 'Billing customer service', description: 'Guarantor accounts and billing messages', reads_patient_data: true },
  { name: 'compliance', label: 'Privacy office', description: 'Read-only: audit log, per-patient access ledger and role changes', reads_patient_data: true },
  { name: 'admin', label: 'Administrator', description: 'Staff users and roles, settings; never patient data', reads_patient_data: false },
];

export async function seed(knex: Knex): Promise<void> {
  await knex('roles').insert(ROLE_ROWS).onConflict('name').merge(['label', 'description', 'reads_patient_data']);
}
