import type { Knex } from '@portaldesk/db';
import type { ACCOUNT_STATUSES } from './portal-accounts.schema.ts';

export interface PanelPatient {
  id: number;
  mrn: string;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  deceased_date: string | null;
  email: string | null;
}

export interface AccountRow {
  id: number;
  username: string;
  status: (typeof ACCOUNT_STATUSES)[number];
  activated_at: Date;
  last_sign_in_at: Date | null;
  locked_at: Date | null;
  deactivated_at: Date | null;
  deactivated_by_name: string | null;
  deactivation_reason: string | null;
  version: number;
}

/** The newest code's facts; never its hash. */
export interface LatestCodeRow {
  id: number;
  issued_at: Date;
  issued_by_name: string | null;
  location: string | null;
  expires_at: Date;
  failed_attempts: number;
  /** Wrong birth dates given with the right code: these, and only these, lock the code. */
  birth_date_failures: number;
  /** Devices that failed with this code at least once. */
  failing_devices: number;
  /** Devices that used up their attempts on this code and are shut out of it. */
  devices_shut_out: number;
  redeemed_at: Date | null;
  revoked_at: Date | null;
  locked_at: Date | null;
}

export async function findPanelPatient(knex: Knex | Knex.Transaction, patientId: number): Promise<PanelPatient | undefined> {
  return knex('patients').first('id', 'mrn', 'family_name', 'given_name', 'date_of_birth', 'deceased_date', 'email').where({ id: patientId });
}

/** The patient's account; `forUpdate` holds its row until the transaction ends, so changes to it queue. */
export async function findAccount(knex: Knex | Knex.Transaction, patientId: number, forUpdate = false): Promise<AccountRow | undefined> {
  const query = knex('portal_accounts as a')
    .leftJoin('staff_users as s', 's.id', 'a.deactivated_by')
    .first(
      'a.id',
      'a.username',
      'a.status',
      'a.activated_at',
      'a.last_sign_in_at',
      'a.locked_at',
      'a.deactivated_at',
      's.display_name as deactivated_by_name',
      'a.deactivation_reason',
      'a.version',
    )
    .where('a.patient_id', patientId);
  if (forUpdate) query.forUpdate('a');
  return query;
}

export async function findLatestCode(knex: Knex, patientId: number, attemptsPerDevice: number): Promise<LatestCodeRow | undefined> {
  return knex('activation_codes as c')
    .leftJoin('staff_users as s', 's.id', 'c.issued_by')
    .leftJoin('desk_locations as l', 'l.id', 'c.location_id')
    .first(
      'c.id',
      'c.issued_at',
      's.display_name as issued_by_name',
      'l.name as location',
      'c.expires_at',
      'c.failed_attempts',
      'c.birth_date_failures',
      knex.raw('(SELECT count(*)::int FROM activation_code_failures f WHERE f.activation_code_id = c.id) AS failing_devices'),
      knex.raw('(SELECT count(*)::int FROM activation_code_failures f WHERE f.activation_code_id = c.id AND f.failures >= ?) AS devices_shut_out', [
        attemptsPerDevice,
      ]),
      'c.redeemed_at',
      'c.revoked_at',
      'c.locked_at',
    )
    .where('c.patient_id', patientId)
    .orderBy('c.issued_at', 'desc')
    .orderBy('c.id', 'desc');
}

export async function recentSignInEvents(knex: Knex, accountId: number, limit = 10) {
  return knex('portal_sign_in_events')
    .select('kind', 'occurred_at', 'client_address')
    .where({ portal_account_id: accountId })
    .orderBy('occurred_at', 'desc')
    .limit(limit);
}

export async function openIdentityFailures(knex: Knex, patientId: number) {
  return knex('identity_check_failures').select('id', 'reported_at', 'reason').where({ patient_id: patientId, status: 'open' }).orderBy('reported_at', 'desc');
}

/** Changes an account if it is still at `version`; answers the number of rows changed (0 or 1). */
export async function updateAccountAtVersion(
  trx: Knex.Transaction,
  accountId: number,
  version: number,
  changes: Record<string, unknown>,
  now: Date,
): Promise<number> {
  return trx('portal_accounts')
    .where({ id: accountId, version })
    .update({ ...changes, version: version + 1, updated_at: now });
}

/** Ends every password-reset link of the account that is still out; answers how many. */
export async function expireOpenResetLinks(trx: Knex.Transaction, accountId: number, now: Date): Promise<number> {
  return trx('portal_password_resets')
    .where({ portal_account_id: accountId })
    .whereNull('used_at')
    .where('expires_at', '>', now)
    .update({ expires_at: now, expired_at: now });
}

/** The latest failed redemptions of this patient's codes with their real reason (from the audit trail). */
export async function recentFailedRedemptions(knex: Knex, patientId: number, limit = 5): Promise<{ occurred_at: Date; reason: string }[]> {
  return knex('audit_events')
    .select('occurred_at', knex.raw("details->>'reason' AS reason"))
    .where({ patient_id: patientId, resource: 'activation-codes', action: 'redeem', outcome: 'failed' })
    .orderBy('id', 'desc')
    .limit(limit);
}
