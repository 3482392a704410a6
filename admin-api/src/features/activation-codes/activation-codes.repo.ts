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
  return trx('patients as p')
    .leftJoin('portal_accounts as a', 'a.patient_id', 'p.id')
    .first('p.id', 'p.family_name', 'p.given_name', 'p.date_of_birth', 'p.deceased_date', 'a.status as account_status')
    .where('p.id', patientId)
    .forUpdate('p');
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
  location: string | null;
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
}

export async function lockCodeBySelector(trx: Knex.Transaction, selector: string): Promise<CodeForRedemption | undefined> {
  return trx('activation_codes as c')
    .join('patients as p', 'p.id', 'c.patient_id')
    .first('c.id', 'c.patient_id', 'c.verifier_hash', 'c.expires_at', 'c.failed_attempts', 'c.redeemed_at', 'c.revoked_at', 'c.locked_at', 'p.date_of_birth')
    .where('c.selector', selector)
    .forUpdate('c');
}

/** Counts a failed redemption; locks the code when it reaches `maxFailures`. */
export async function recordFailedAttempt(trx: Knex.Transaction, codeId: number, maxFailures: number, now: Date): Promise<boolean> {
  const [row] = await trx('activation_codes')
    .where({ id: codeId })
    .update({
      failed_attempts: trx.raw('failed_attempts + 1'),
      locked_at: trx.raw('CASE WHEN failed_attempts + 1 >= ? THEN ?::timestamptz ELSE locked_at END', [maxFailures, now]),
    })
    .returning('locked_at');
  return row.locked_at !== null;
}

export async function markRedeemed(trx: Knex.Transaction, codeId: number, now: Date): Promise<void> {
  await trx('activation_codes').where({ id: codeId }).update({ redeemed_at: now });
}

/** Creates the active portal account; undefined when the username is taken. */
export async function createAccount(trx: Knex.Transaction, patientId: number, username: string, now: Date): Promise<{ id: number; username: string } | undefined> {
  const rows: { id: number; username: string }[] = await trx('portal_accounts')
    .insert({ patient_id: patientId, username, status: 'active', activated_at: now, updated_at: now })
    .onConflict('username')
    .ignore()
    .returning(['id', 'username']);
  return rows[0];
}
