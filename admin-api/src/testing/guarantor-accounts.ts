import type { Knex } from '@portaldesk/db';
import { uniqueSuffix, type SignedIn } from './harness.ts';

/** What the guarantor account tests share: a file's header and rows, locations, and the import. */

export const HEADER = 'account_number,guarantor_family_name,guarantor_given_name,address_line1,city,state,zip,patient_mrns,balance_cents,service_location';

export type AccountCells = Record<string, string>;

/** A fresh account number (upper case, as an import stores it). */
export const accountNumber = () => `GA-${uniqueSuffix().toUpperCase()}`;

/** One line of an accounts file: an open account of $125.50 unless `overrides` say otherwise. */
export function accountRow(mrns: string[], location: string, overrides: Partial<AccountCells> = {}): { cells: AccountCells; line: string } {
  const cells: AccountCells = {
    account_number: accountNumber(),
    guarantor_family_name: `Guarantor${uniqueSuffix()}`,
    guarantor_given_name: 'Jordan',
    address_line1: '12 Elm St',
    city: 'Hartford',
    state: 'CT',
    zip: '06106',
    patient_mrns: mrns.join(';'),
    balance_cents: '12550',
    service_location: location,
    ...overrides,
  };
  return { cells, line: Object.values(cells).join(',') };
}

/** A file of `rows` under the standard header (or `header`). */
export const accountsCsv = (rows: { line: string }[], header = HEADER) => `${[header, ...rows.map((row) => row.line)].join('\n')}\n`;

/** Posts a file to the import as the console does. */
export const importAccounts = (admin: SignedIn, text: string | Buffer, dryRun = false) =>
  admin.agent
    .post('/api/guarantor-accounts/import')
    .query({ file_name: 'accounts.csv', dry_run: String(dryRun) })
    .set('X-CSRF-Token', admin.csrf)
    .set('Content-Type', 'text/csv')
    .send(text);

/** A service location straight in the table (the tests of accounts are not about managing them); answers its name. */
export async function createLocation(
  knex: Knex,
  now: Date,
  acceptsOnlinePayments = true,
  billingPhone = '+18609724993',
): Promise<{ id: number; name: string }> {
  const name = `Clinic ${uniqueSuffix()}`;
  const [row] = await knex('service_locations')
    .insert({ name, billing_phone: billingPhone, accepts_online_payments: acceptsOnlinePayments, created_at: now, updated_at: now })
    .returning(['id', 'name']);
  return row;
}

/** The stored account of a number. */
export const storedAccount = (knex: Knex, number: string) => knex('guarantor_accounts').where({ account_number: number }).first();
