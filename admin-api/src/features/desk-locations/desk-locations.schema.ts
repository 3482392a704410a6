import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';

/** Most characters a location's name holds. */
export const MAX_NAME = 100;

/**
 * A location's name as staff will pick it from a list: spaces around it dropped and runs of spaces
 * made one, so the stored spelling is tidy. Case and spacing never make two names different
 * (the database's unique key, desk_location_name_key, ignores them).
 */
const name = z
  .string({ error: 'is required' })
  .transform((typed) => typed.replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'is required').max(MAX_NAME, `is too long: at most ${MAX_NAME} characters`));

export const createDeskLocationBody = z.strictObject({ name });

export const renameDeskLocationBody = z.object({
  name,
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});

export const deskLocationFilter = z.strictObject({
  /** Part of the name, any case. */
  q: z.string().trim().max(MAX_NAME, `is too long: at most ${MAX_NAME} characters`).optional(),
  /** true: only those offered for new codes; false: only retired ones. */
  active: z.boolean({ error: 'must be true or false' }).optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type DeskLocationFilter = z.output<typeof deskLocationFilter>;

export const deskLocationList: ListSpec<typeof deskLocationFilter> = {
  sortable: ['name'],
  defaultSort: ['name', 'ASC'],
  filter: deskLocationFilter,
  maxPageSize: 100,
};

/** A place where activation codes are handed over, as admins keep it. */
export const deskLocationRecord = z.strictObject({
  id: wire.id,
  name: z.string(),
  retired_at: wire.instant.nullable().meta({ description: 'Set once retired: no longer offered for new codes, still named in reports' }),
  retired_by_username: z.string().nullable(),
  created_at: wire.instant,
  updated_at: wire.instant,
  updated_by_username: z.string().nullable().meta({ description: 'Null when the location was made from the free-text locations of earlier codes' }),
  version: z.number().int().positive().meta({ description: 'Send it back with a rename: a newer one on the server answers 409' }),
});

/** A location staff may hand codes over at now: what the issue forms offer. */
export const activeDeskLocation = z.strictObject({ id: wire.id, name: z.string() });
