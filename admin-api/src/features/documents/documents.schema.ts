import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';

export const documentFilter = z.strictObject({ patient_id: z.number({ error: 'is required: the patient whose documents to list' }).int().positive() });
export const documentList: ListSpec<typeof documentFilter> = { sortable: ['received_at'], defaultSort: ['received_at', 'DESC'], filter: documentFilter };

/** A document as the patient's document list shows it. */
export const documentRecord = z.strictObject({
  id: wire.id,
  received_at: wire.instant,
  source: z.enum(['portal', 'staff']),
  file_name: z.string(),
  media_type: z.enum(['application/pdf', 'image/png', 'image/jpeg']),
  bytes: z.number().int(),
  sha256: z.string(),
  proxy_request_id: wire.id.nullable().meta({ description: 'The proxy request it came with, if any' }),
});
