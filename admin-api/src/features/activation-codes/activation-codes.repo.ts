import type { Knex } from '@portaldesk/db';

/** What issuing needs to know about a patient, read under a row lock so issues queue per patient. */
export interface PatientForIssue {
  id: number;
  family_name: string;
  given_name: string;
  date_of_birth: string;
  deceased_date: string | null;
  account_status: 'active' | 'locked' | 'deactivated' | null;
}

export async function lockPatientForIssue(trx: Knex.Transaction, patientId: number): Promise<PatientForIssue | undefined> {
  const patient = await trx('patients').first('id', 'family_name', 'given_name', 'date_of_birth', 'deceased_date').where({ id: patientId }).forUpdate();
  return patient && { ...patient, account_status: await accountStatusOf(trx, patientId) };
}

/**
 * The patient's account status, read after the patient's row lock is held. Read in the locking
 * statement (a join), it would come from the snapshot taken before the wait, and miss an account
 * created by the transaction that held the lock.
 */
async function accountStatusOf(trx: Knex.Transaction, patientId: number): Promise<PatientForIssue['account_status']> {
  const account = await trx('portal_accounts').first('status').where({ patient_id: patientId });
  return account?.status ?? null;
}

/** The patient's newest code that could still be redeemed, if any: when and where (the desk location's name) it was issued. */
export async function findLiveCode(trx: Knex.Transaction, patientId: number, now: Date): Promise<{ issued_at: Date; location: string | null } | undefined> {
  return trx('activation_codes as c')
    .leftJoin('desk_locations as l', 'l.id', 'c.location_id')
    .first('c.issued_at', 'l.name as location')
    .where({ 'c.patient_id': patientId })
    .whereNull('c.redeemed_at')
    .whereNull('c.revoked_at')
    .whereNull('c.locked_at')
    .where('c.expires_at', '>', now)
    .orderBy('c.issued_at', 'desc');
}

/** Revokes the patient's codes that could still be redeemed; answers how many. */
export async function revokeLiveCodes(trx: Knex.Transaction, patientId: number, now: Date): Promise<number> {
  return trx('activation_codes')
    .where({ patient_id: patientId })
    .whereNull('redeemed_at')
    .whereNull('revoked_at')
    .whereNull('locked_at')
    .where('expires_at', '>', now)
    .update({ revoked_at: now });
}

export interface NewActivationCode {
  patient_id: number;
  selector: string;
  verifier_hash: string;
  issued_at: Date;
  issued_by: number | null;
  /** The desk location; the free-text `location` column is left to the previous release's instances. */
  location_id: number | null;
  expires_at: Date;
}

/** Inserts a code; answers undefined when its selector is taken (the caller draws again). */
export async function insertCode(trx: Knex.Transaction, code: NewActivationCode): Promise<number | undefined> {
  const rows: { id: number }[] = await trx('activation_codes').insert(code).onConflict('selector').ignore().returning('id');
  return rows[0]?.id;
}

/** A code found by its selector, locked until the redemption's transaction ends. */
export interface CodeForRedemption {
  id: number;
  patient_id: number;
  verifier_hash: string;
  expires_at: Date;
  failed_attempts: number;
  redeemed_at: Date | null;
  revoked_at: Date | null;
  locked_at: Date | null;
  date_of_birth: string;
  /** This device's failures on this code so far. */
  device_failures: number;
  /** The patient's portal account, if one exists already (of any status). */
  account_status: string | null;
}

/** Whose code a selector is, read without a lock: the redemption then locks the patient first. */
export async function findCodeOwner(knex: Knex, selector: string): Promise<number | undefined> {
  const row = await knex('activation_codes').first('patient_id').where({ selector });
  return row?.patient_id;
}

/**
 * Locks the patient's row, then the code's, in the order issuing takes them (patient first), so a
 * reissue and a redemption of the same patient's code queue instead of deadlocking.
 */
export async function lockCodeForRedemption(
  trx: Knex.Transaction,
  patientId: number,
  selector: string,
  device: string,
): Promise<CodeForRedemption | undefined> {
  const patient = await trx('patients').first('date_of_birth').where({ id: patientId }).forUpdate();
  if (!patient) return undefined;
  const accountStatus = await accountStatusOf(trx, patientId);
  const code = await trx('activation_codes as c')
    .leftJoin('activation_code_failures as f', (join) => join.on('f.activation_code_id', 'c.id').andOnVal('f.device', device))
    .first(
      'c.id',
      'c.patient_id',
      'c.verifier_hash',
      'c.expires_at',
      'c.failed_attempts',
      'c.redeemed_at',
      'c.revoked_at',
      'c.locked_at',
      trx.raw('coalesce(f.failures, 0) AS device_failures'),
    )
    .where({ 'c.selector': selector, 'c.patient_id': patientId })
    .forUpdate('c');
  return code && { ...code, date_of_birth: patient.date_of_birth, account_status: accountStatus };
}

/**
 * Counts a failed redemption for the code and for the device. A wrong birth date given with the
 * right code also counts toward the code's lock, which comes at `lockAfter` of them; answers
 * whether this failure locked the code.
 */
export async function recordFailedAttempt(
  trx: Knex.Transaction,
  codeId: number,
  device: string,
  { rightCode, lockAfter, now }: { rightCode: boolean; lockAfter: number; now: Date },
): Promise<boolean> {
  await trx.raw(
    `INSERT INTO activation_code_failures AS f (activation_code_id, device, failures, last_failed_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (activation_code_id, device) DO UPDATE SET failures = f.failures + 1, last_failed_at = EXCLUDED.last_failed_at`,
    [codeId, device, now],
  );
  const birthDateFailure = rightCode ? 1 : 0;
  const [code] = await trx('activation_codes')
    .where({ id: codeId })
    .update({
      failed_attempts: trx.raw('failed_attempts + 1'),
      birth_date_failures: trx.raw('birth_date_failures + ?', [birthDateFailure]),
      locked_at: trx.raw('CASE WHEN locked_at IS NULL AND birth_date_failures + ? >= ? THEN ?::timestamptz ELSE locked_at END', [
        birthDateFailure,
        lockAfter,
        now,
      ]),
    })
    .returning('locked_at');
  return code.locked_at !== null;
}

export async function markRedeemed(trx: Knex.Transaction, codeId: number, now: Date): Promise<void> {
  await trx('activation_codes').where({ id: codeId }).update({ redeemed_at: now });
}

/** Creates the active portal account; undefined when the username is taken. */
export async function createAccount(
  trx: Knex.Transaction,
  patientId: number,
  username: string,
  now: Date,
): Promise<{ id: number; username: string } | undefined> {
  const rows: { id: number; username: string }[] = await trx('portal_accounts')
    .insert({ patient_id: patientId, username, status: 'active', activated_at: now, updated_at: now })
    .onConflict('username')
    .ignore()
    .returning(['id', 'username']);
  return rows[0];
}
