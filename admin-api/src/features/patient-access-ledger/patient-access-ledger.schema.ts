import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';

export const ledgerFilter = z.strictObject({
  patient_id: z.number({ error: 'is required: the ledger is per patient' }).int().positive(),
  occurred_after: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
  occurred_before: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
});

export const ledgerList: ListSpec<typeof ledgerFilter> = {
  sortable: ['occurred_at'],
  defaultSort: ['occurred_at', 'DESC'],
  filter: ledgerFilter,
};
