import type { Knex } from '@portaldesk/db';

/** The credentials that lapse: activation codes, staff members' password links, portal password links. */
export const CREDENTIAL_KINDS = ['activation-code', 'staff-password-link', 'portal-password-link'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export interface CredentialRef {
  kind: CredentialKind;
  id: number;
}

/** The table of each kind, and what makes one still open (neither spent nor withdrawn nor expired). */
const OPEN: Record<CredentialKind, { table: string; open: string }> = {
  'activation-code': { table: 'activation_codes', open: 'redeemed_at IS NULL AND revoked_at IS NULL AND locked_at IS NULL AND expired_at IS NULL' },
  'staff-password-link': { table: 'password_reset_tokens', open: 'used_at IS NULL AND revoked_at IS NULL AND expired_at IS NULL' },
  'portal-password-link': { table: 'portal_password_resets', open: 'used_at IS NULL AND expired_at IS NULL' },
};

/** Open credentials of one kind whose expiry has passed, by id, after `afterId` (for paging). */
export async function dueCredentialIds(knex: Knex, kind: CredentialKind, now: Date, afterId: number, limit: number): Promise<number[]> {
  const { table, open } = OPEN[kind];
  const rows = await knex(table).select('id').whereRaw(open).where('expires_at', '<=', now).where('id', '>', afterId).orderBy('id').limit(limit);
  return rows.map((row: { id: number }) => row.id);
}

/** Who an expired credential belonged to, for its audit row. */
export interface ExpiredCredential {
  resource: 'activation-codes' | 'staff-users' | 'portal-accounts';
  resourceId: number;
  patientId: number | null;
  expiresAt: Date;
}

/**
 * Marks one credential expired if it is still open and its expiry has passed: one conditional
 * UPDATE, so of two attempts at the same credential exactly one changes it. Answers whose it was,
 * or undefined when there was nothing to do.
 */
export async function markExpired(trx: Knex.Transaction, { kind, id }: CredentialRef, now: Date): Promise<ExpiredCredential | undefined> {
  const { table, open } = OPEN[kind];
  const due = `id = ? AND ${open} AND expires_at <= ?`;
  if (kind === 'activation-code') {
    const [row] = await trx(table).whereRaw(due, [id, now]).update({ expired_at: now }).returning(['id', 'patient_id', 'expires_at']);
    return row && { resource: 'activation-codes', resourceId: row.id, patientId: row.patient_id, expiresAt: row.expires_at };
  }
  if (kind === 'staff-password-link') {
    const [row] = await trx(table).whereRaw(due, [id, now]).update({ expired_at: now }).returning(['staff_user_id', 'expires_at']);
    return row && { resource: 'staff-users', resourceId: row.staff_user_id, patientId: null, expiresAt: row.expires_at };
  }
  const { rows } = await trx.raw<{ rows: { account_id: number; patient_id: number; expires_at: Date }[] }>(
    `UPDATE portal_password_resets AS r SET expired_at = ?
       FROM portal_accounts AS a
      WHERE a.id = r.portal_account_id
        AND r.id = ? AND r.used_at IS NULL AND r.expired_at IS NULL AND r.expires_at <= ?
      RETURNING a.id AS account_id, a.patient_id, r.expires_at`,
    [now, id, now],
  );
  const [row] = rows;
  return row && { resource: 'portal-accounts', resourceId: row.account_id, patientId: row.patient_id, expiresAt: row.expires_at };
}
