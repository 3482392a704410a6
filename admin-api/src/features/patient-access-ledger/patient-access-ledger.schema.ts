import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { ROLES } from '../../auth/policy.ts';
import { isoInstant, wire } from '../../lib/validation.ts';
import { AUDIT_OUTCOMES } from '../audit-events/audit-events.schema.ts';

export const ledgerFilter = z.strictObject({
  patient_id: z.number({ error: 'is required: the ledger is per patient' }).int().positive(),
  occurred_after: isoInstant.optional(),
  occurred_before: isoInstant.optional(),
});

export const ledgerList: ListSpec<typeof ledgerFilter> = {
  sortable: ['occurred_at'],
  defaultSort: ['occurred_at', 'DESC'],
  filter: ledgerFilter,
};

/** What a patient search asked for, in the parts a listed patient's ledger may repeat. */
export const searchedForRecord = z
  .strictObject({
    name: z.string().optional(),
    match: z.enum(['prefix', 'contains']).optional(),
    mrn: z.string().optional(),
    date_of_birth: wire.date.optional(),
    chosen: z.number().int().positive().optional().meta({ description: 'How many patients were looked up by id; never which' }),
  })
  .meta({ description: "The search's criteria; never the ids or names of other patients it listed" });

/**
 * One line of a patient's access ledger: a look at or a change of their record, or one search or
 * queue that listed them (one line per search, whatever else it listed).
 */
export const ledgerEntryRecord = z.strictObject({
  id: wire.id,
  occurred_at: wire.instant,
  staff_user_id: wire.id.nullable(),
  staff_username: z.string().nullable(),
  staff_display_name: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  action: z.string(),
  resource: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  client_address: z.string().nullable(),
  listed_among: z
    .number()
    .int()
    .positive()
    .nullable()
    .meta({ description: 'How many patients the listing showed, this one among them; null for a look at the record itself' }),
  searched_for: searchedForRecord.nullable().meta({ description: 'For a patient search, what it asked for' }),
  details: z.record(z.string(), z.unknown()).nullable().meta({
    description: 'For a look at or change of this record: criteria or changed field names. Null for a listing, whose details concern other patients too',
  }),
});
