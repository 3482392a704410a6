import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';

export const identityCheckFilter = z.strictObject({
  status: z.enum(['open', 'resolved'], { error: 'must be open or resolved' }).optional(),
  patient_id: z.number().int().positive().optional(),
});
export type IdentityCheckFilter = z.output<typeof identityCheckFilter>;

export const identityCheckList: ListSpec<typeof identityCheckFilter> = {
  sortable: ['reported_at'],
  defaultSort: ['reported_at', 'ASC'],
  filter: identityCheckFilter,
};

export const resolveBody = z.strictObject({
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
  resolution: z.string({ error: 'is required' }).trim().min(3, 'needs a few words').max(1000, 'is too long'),
});
