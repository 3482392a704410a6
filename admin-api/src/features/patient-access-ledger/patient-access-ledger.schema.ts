import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { isoInstant } from '../../lib/validation.ts';

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
