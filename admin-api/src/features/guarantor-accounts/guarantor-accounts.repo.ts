import type { Knex } from '@portaldesk/db';
import { likeLiteral, type SortOrder } from '../../lib/list-query.ts';
import type { GuarantorAccountFilter } from './guarantor-accounts.schema.ts';
import { payNowReasonCondition } from './pay-now.ts';

/** An account as the list reads it, with what its Pay Now answer needs from its location. */
export interface GuarantorAccountRow {
  id: number;
  account_number: string;
  guarantor_family_name: string;
  guarantor_given_name: string;
  balance_cents: number;
  service_location_id: number;
  service_location_name: string;
  accepts_online_payments: boolean;
  billing_phone: string;
  closed_at: Date | null;
  patient_count: number;
  imported_at: Date;
  version: number;
}

export interface GuarantorAccountDetailRow extends GuarantorAccountRow {
  address_line1: string;
  city: string;
  state: string;
  zip: string;
}

export interface AccountPatientRow {
  guarantor_account_id: number;
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
}

const LIST_COLUMNS = [
  'a.id',
  'a.account_number',
  'a.guarantor_family_name',
  'a.guarantor_given_name',
  'a.balance_cents',
  'a.service_location_id',
  'l.name as service_location_name',
  'l.accepts_online_payments',
  'l.billing_phone',
  'a.closed_at',
  'a.imported_at',
  'a.version',
];

function accounts(knex: Knex | Knex.Transaction) {
  return knex('guarantor_accounts as a').join('service_locations as l', 'l.id', 'a.service_location_id');
}

const patientCount = (knex: Knex) => knex.raw('(SELECT count(*) FROM guarantor_account_patients gp WHERE gp.guarantor_account_id = a.id) AS patient_count');

function applyFilter(query: Knex.QueryBuilder, filter: GuarantorAccountFilter): Knex.QueryBuilder {
  if (filter.q) {
    const q = filter.q;
    query.where((either) => {
      either
        .whereRaw('a.account_number LIKE ?', [`${likeLiteral(q.replace(/\s+/g, '').toUpperCase())}%`])
        // Name keys hold no LIKE wildcards (see patient_name_key): "Smith J" finds "Smith, Jane".
        .orWhereRaw(`patient_name_key(a.guarantor_family_name || ' ' || a.guarantor_given_name) LIKE patient_name_key(?) || '%'`, [q])
        .orWhereRaw(`patient_name_key(a.guarantor_given_name || ' ' || a.guarantor_family_name) LIKE patient_name_key(?) || '%'`, [q]);
    });
  }
  if (filter.patient_id) {
    query.whereExists((sub) =>
      sub
        .select(sub.client.raw('1'))
        .from('guarantor_account_patients as fp')
        .whereRaw('fp.guarantor_account_id = a.id')
        .where('fp.patient_id', filter.patient_id!),
    );
  }
  if (filter.service_location_id) query.where('a.service_location_id', filter.service_location_id);
  if (filter.pay_now_reason) query.whereRaw(payNowReasonCondition(filter.pay_now_reason, 'a', 'l'));
  if (filter.id) query.whereIn('a.id', filter.id);
  return query;
}

const SORT_COLUMNS: Record<string, string> = {
  account_number: 'a.account_number',
  balance_cents: 'a.balance_cents',
  guarantor_family_name: 'patient_name_key(a.guarantor_family_name)',
  id: 'a.id',
};

export async function listGuarantorAccounts(
  knex: Knex,
  filter: GuarantorAccountFilter,
  sort: { field: string; order: SortOrder },
  offset: number,
  limit: number,
): Promise<{ rows: GuarantorAccountRow[]; total: number }> {
  const direction = sort.order === 'ASC' ? 'ASC' : 'DESC';
  const rows: GuarantorAccountRow[] = await applyFilter(accounts(knex).select(...LIST_COLUMNS, patientCount(knex)), filter)
    .orderByRaw(`${SORT_COLUMNS[sort.field] ?? 'a.account_number'} ${direction}, a.id ${direction}`)
    .offset(offset)
    .limit(limit);
  const [{ count }] = await applyFilter(accounts(knex), filter).count<{ count: string }[]>({ count: '*' });
  return { rows, total: Number(count) };
}

export async function findGuarantorAccount(knex: Knex, id: number): Promise<GuarantorAccountDetailRow | undefined> {
  return accounts(knex)
    .first(...LIST_COLUMNS, 'a.address_line1', 'a.city', 'a.state', 'a.zip', patientCount(knex))
    .where('a.id', id);
}

/** The patients on these accounts, by name. */
export async function patientsOfAccounts(knex: Knex, accountIds: number[]): Promise<AccountPatientRow[]> {
  if (!accountIds.length) return [];
  return knex('guarantor_account_patients as gp')
    .join('patients as p', 'p.id', 'gp.patient_id')
    .select('gp.guarantor_account_id', 'p.id', 'p.mrn', 'p.family_name', 'p.given_name')
    .whereIn('gp.guarantor_account_id', accountIds)
    .orderBy(['p.family_name', 'p.given_name', 'p.id']);
}

/** What a guest lookup needs of the account with this number, whether or not the name matches. */
export interface GuestLookupRow {
  id: number;
  account_number: string;
  balance_cents: number;
  closed: boolean;
  name_matches: boolean;
  accepts_online_payments: boolean;
  billing_phone: string;
  patient_ids: number[] | null;
}

/**
 * The account a guest names, with whether the family name they typed is the guarantor's by the
 * name key (case, accents, spaces and punctuation left out). One statement whatever matches, so
 * a wrong name costs what a right one does.
 */
export async function findForGuestLookup(knex: Knex, accountNumber: string, familyName: string): Promise<GuestLookupRow | undefined> {
  const { rows } = await knex.raw<{ rows: GuestLookupRow[] }>(
    `SELECT a.id, a.account_number, a.balance_cents, a.closed_at IS NOT NULL AS closed,
            coalesce(patient_name_key(a.guarantor_family_name) = patient_name_key(?) AND patient_name_key(?) <> '', false) AS name_matches,
            l.accepts_online_payments, l.billing_phone,
            (SELECT array_agg(gp.patient_id ORDER BY gp.patient_id) FROM guarantor_account_patients gp WHERE gp.guarantor_account_id = a.id) AS patient_ids
       FROM guarantor_accounts a JOIN service_locations l ON l.id = a.service_location_id
      WHERE a.account_number = ?`,
    [familyName, familyName, accountNumber],
  );
  return rows[0];
}
