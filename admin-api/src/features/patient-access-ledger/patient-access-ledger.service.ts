import type { z } from 'zod';
import type { Knex } from '@portaldesk/db';
import type { Actor } from '../../lib/audit.ts';
import type { ListQuery, ListTotal } from '../../lib/list-query.ts';
import type { AuditEventRow } from '../audit-events/audit-events.repo.ts';
import { browseAuditEvents } from '../audit-events/audit-events.service.ts';
import type { ledgerEntryRecord, ledgerFilter, searchedForRecord } from './patient-access-ledger.schema.ts';

/** A ledger line before it travels: the instant is still a Date. */
type LedgerEntry = Omit<z.output<typeof ledgerEntryRecord>, 'occurred_at'> & { occurred_at: Date };
type SearchedFor = z.output<typeof searchedForRecord>;

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * What a patient search asked for, from its audit row's criteria, in the parts a listed patient's
 * ledger may repeat: the name, MRN and birth date typed (each of them matched this patient too),
 * and how many patients were looked up by id, never which.
 */
function searchedFor(details: Record<string, unknown> | null): SearchedFor {
  const criteria = (details?.criteria ?? {}) as Record<string, unknown>;
  const searched: SearchedFor = {};
  const name = text(criteria.q);
  if (name) searched.name = name;
  if (name && (criteria.match === 'prefix' || criteria.match === 'contains')) searched.match = criteria.match;
  const mrn = text(criteria.mrn);
  if (mrn) searched.mrn = mrn;
  const born = text(criteria.date_of_birth);
  if (born && /^\d{4}-\d{2}-\d{2}$/.test(born)) searched.date_of_birth = born;
  if (Array.isArray(criteria.id) && criteria.id.length) searched.chosen = criteria.id.length;
  return searched;
}

/** An audit row as a line of the ledger: who, when, what, and for a listing, among how many, without the other patients. */
function ledgerEntry(row: AuditEventRow): LedgerEntry {
  return {
    id: row.id,
    occurred_at: row.occurred_at,
    staff_user_id: row.staff_user_id,
    staff_username: row.staff_username,
    staff_display_name: row.staff_display_name,
    roles: row.roles as LedgerEntry['roles'],
    action: row.action,
    resource: row.resource,
    outcome: row.outcome as LedgerEntry['outcome'],
    client_address: row.client_address,
    // The ledger holds rows naming this patient and listings that showed them: a listing here showed them.
    listed_among: row.listed_count,
    searched_for: row.action === 'search' && row.resource === 'patients' ? searchedFor(row.details) : null,
    // A listing's criteria may name other patients (ids looked up); searched_for says what may be said of them.
    details: row.listed_count === null ? row.details : null,
  };
}

/**
 * One patient's access ledger, newest first: every look at and change of their record, and each
 * search or queue that listed them, one line per search. Reading it is itself audited.
 */
export async function readAccessLedger(
  knex: Knex,
  actor: Actor,
  list: ListQuery<z.output<typeof ledgerFilter>>,
): Promise<{ entries: LedgerEntry[]; total: ListTotal }> {
  const { rows, total } = await browseAuditEvents(knex, actor, list, 'patient-access-ledger');
  return { entries: rows.map(ledgerEntry), total };
}
