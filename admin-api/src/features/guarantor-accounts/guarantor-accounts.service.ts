import { createHash } from 'node:crypto';
import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import type { ListQuery } from '../../lib/list-query.ts';
import { PgRateLimitStore } from '../../lib/rate-limit-store.ts';
import { phoneDisplay } from '../service-locations/service-locations.schema.ts';
import { findForGuestLookup, findGuarantorAccount, listGuarantorAccounts, patientsOfAccounts, type GuarantorAccountRow } from './guarantor-accounts.repo.ts';
import {
  ACCOUNT_NUMBER,
  guestLookupBody,
  normalizedAccountNumber,
  type GuarantorAccountFilter,
  type GuestLookupAnswer,
  type PayNowAnswer,
} from './guarantor-accounts.schema.ts';
import { payNow } from './pay-now.ts';

export interface GuarantorAccountDeps {
  knex: Knex;
  clock: Clock;
}

/** A list row as the API answers it (instants still Dates), with its Pay Now answer. */
function listRecordOf(row: GuarantorAccountRow) {
  const { accepts_online_payments, billing_phone, ...shown } = row;
  return { ...shown, payNow: payNow({ balance_cents: row.balance_cents, accepts_online_payments, billing_phone }) satisfies PayNowAnswer };
}

/**
 * Billing's list of accounts, each with its Pay Now answer. The audit row records the patients
 * on the accounts shown, so each finds the listing in their ledger.
 */
export async function browseGuarantorAccounts(deps: GuarantorAccountDeps, actor: Actor, list: ListQuery<GuarantorAccountFilter>) {
  const { rows, total } = await listGuarantorAccounts(deps.knex, list.filter, list.sort, list.offset, list.limit);
  const patients = await patientsOfAccounts(
    deps.knex,
    rows.map((row) => row.id),
  );
  await recordAudit(deps.knex, actor, {
    action: 'list',
    resource: 'guarantor-accounts',
    listedPatientIds: [...new Set(patients.map((patient) => patient.id))],
    details: { criteria: list.filter, sort: [list.sort.field, list.sort.order], range: [list.offset, list.offset + list.limit - 1] },
  });
  return { rows: rows.map(listRecordOf), total };
}

/**
 * One account in full: the guarantor's address, the location with its billing phone and the
 * patients it covers. A read of each of those patients, so each gets an audit row of their own.
 */
export async function getGuarantorAccount(deps: GuarantorAccountDeps, actor: Actor, id: number) {
  const row = await findGuarantorAccount(deps.knex, id);
  if (!row) {
    await recordAudit(deps.knex, actor, {
      action: 'show',
      resource: 'guarantor-accounts',
      resourceId: id,
      outcome: 'failed',
      details: { reason: 'not_found' },
    });
    throw notFound('Guarantor account');
  }
  const patients = (await patientsOfAccounts(deps.knex, [id])).map(({ id: patientId, mrn, family_name, given_name }) => ({
    id: patientId,
    mrn,
    family_name,
    given_name,
  }));
  const shown = { action: 'show', resource: 'guarantor-accounts', resourceId: id } as const;
  await Promise.all(
    patients.length ? patients.map((patient) => recordAudit(deps.knex, actor, { ...shown, patientId: patient.id })) : [recordAudit(deps.knex, actor, shown)],
  );
  const { address_line1, city, state, zip, ...listed } = row;
  return {
    ...listRecordOf(listed),
    address_line1,
    city,
    state,
    zip,
    service_location: {
      id: row.service_location_id,
      name: row.service_location_name,
      billing_phone: row.billing_phone,
      billing_phone_display: phoneDisplay(row.billing_phone),
      accepts_online_payments: row.accepts_online_payments,
    },
    patients,
  };
}

/** Lookups one device (portal token and patient address) may make in a window. */
export const GUEST_LOOKUPS_PER_DEVICE = 10;
export const GUEST_LOOKUP_DEVICE_WINDOW_MS = 15 * 60_000;
/** Lookups of one account number that find nothing, from anywhere, in a window: a guessed name is tried slowly. */
export const GUEST_LOOKUPS_PER_ACCOUNT = 6;
export const GUEST_LOOKUP_ACCOUNT_WINDOW_MS = 60 * 60_000;

export type GuestLookupOutcome =
  { kind: 'hit'; answer: GuestLookupAnswer } | { kind: 'miss' } | { kind: 'limited'; retryAfterSeconds: number; by: 'device' | 'account' };

type MissReason = 'malformed' | 'unknown_account' | 'wrong_name' | 'closed';

/** Counts one lookup against `key` in `counter`; answers the seconds until its window ends when that is over `limit`, else 0. */
async function over(counter: PgRateLimitStore, key: string, now: Date, limit: number): Promise<number> {
  const { totalHits, resetTime } = await counter.increment(key);
  return totalHits > limit ? Math.max(1, Math.ceil(((resetTime ?? now).getTime() - now.getTime()) / 1000)) : 0;
}

/** A counter key that is short and holds nothing a guest typed. */
const keyOf = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * A guest's lookup of an account to pay: the account number and the guarantor's family name
 * (compared by the name key). Every attempt counts against the device, and a well-formed one
 * against the account number too, before anything is looked up; over either limit, the lookup is
 * refused unchecked. A hit is refunded to the account number (as a redeemed activation code is
 * to its device): only misses lock it, so whoever holds a statement cannot lock the payer out by
 * looking it up. Any miss (malformed input, unknown number, wrong name, closed account) is one
 * outcome to the caller; the audit row keeps which it was. A hit is audited under each patient on
 * the account, a miss and a refusal over a limit (denied, naming the limit) without a patient.
 */
export async function lookUpAsGuest(deps: GuarantorAccountDeps, actor: Actor, device: string, input: Record<string, unknown>): Promise<GuestLookupOutcome> {
  const now = deps.clock();
  // The counters express-rate-limit keeps (rate_limit_counters), under keys of their own.
  const byDevice = new PgRateLimitStore(deps.knex, deps.clock, 'guest-lookup:device:', GUEST_LOOKUP_DEVICE_WINDOW_MS);
  const byAccount = new PgRateLimitStore(deps.knex, deps.clock, 'guest-lookup:account:', GUEST_LOOKUP_ACCOUNT_WINDOW_MS);
  // A refusal for too many lookups is denied, not failed: nothing was looked up, the row says which limit.
  const limited = async (by: 'device' | 'account', retryAfterSeconds: number): Promise<GuestLookupOutcome> => {
    await recordAudit(deps.knex, actor, {
      action: 'guest-lookup',
      resource: 'guarantor-accounts',
      outcome: 'denied',
      details: { reason: 'rate_limited', limit: by },
    });
    return { kind: 'limited', retryAfterSeconds, by };
  };
  const deviceWait = await over(byDevice, keyOf(device), now, GUEST_LOOKUPS_PER_DEVICE);
  if (deviceWait) return limited('device', deviceWait);
  const miss = async (reason: MissReason, accountId?: number): Promise<GuestLookupOutcome> => {
    await recordAudit(deps.knex, actor, {
      action: 'guest-lookup',
      resource: 'guarantor-accounts',
      resourceId: accountId,
      outcome: 'failed',
      details: { reason },
    });
    return { kind: 'miss' };
  };
  // Strict like every other body, but a field the lookup does not take is malformed input, which
  // here is a miss like any other, counted and paced as one (never a 400 naming the field).
  if (Object.keys(input).some((field) => !Object.hasOwn(guestLookupBody.shape, field))) return miss('malformed');
  const { accountNumber, lastName } = input;
  if (typeof accountNumber !== 'string' || typeof lastName !== 'string') return miss('malformed');
  const number = normalizedAccountNumber(accountNumber);
  if (!ACCOUNT_NUMBER.test(number) || !lastName.trim()) return miss('malformed');
  const accountKey = keyOf(number);
  const accountWait = await over(byAccount, accountKey, now, GUEST_LOOKUPS_PER_ACCOUNT);
  if (accountWait) return limited('account', accountWait);

  const found = await findForGuestLookup(deps.knex, number, lastName);
  if (!found) return miss('unknown_account');
  if (!found.name_matches) return miss('wrong_name', found.id);
  if (found.closed) return miss('closed', found.id);
  await byAccount.decrement(accountKey);
  const entry = { action: 'guest-lookup', resource: 'guarantor-accounts', resourceId: found.id } as const;
  const patientIds = found.patient_ids ?? [];
  await Promise.all(
    patientIds.length ? patientIds.map((patientId) => recordAudit(deps.knex, actor, { ...entry, patientId })) : [recordAudit(deps.knex, actor, entry)],
  );
  return {
    kind: 'hit',
    answer: { accountNumber: found.account_number, balanceCents: found.balance_cents, payNow: payNow(found) },
  };
}
