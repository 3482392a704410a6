import { z } from 'zod';
import { isoDate } from '../../lib/validation.ts';
import type { ListSpec } from '../../lib/list-query.ts';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/**
 * Most ids one lookup may name: a page of the patient list (what react-admin's getMany asks for
 * to show a page of references). Staff search by name, MRN or birth date; ids are no way to
 * page through patients, and every patient a lookup returns finds it in their ledger.
 */
export const MAX_ID_LIST = 25;

export const patientFilter = z.strictObject({
  /** A name: "family" or "family, given", matched as prefixes, or anywhere with match=contains. */
  q: z.string().trim().max(100, 'is too long').optional(),
  match: z.enum(['prefix', 'contains'], { error: "must be 'prefix' or 'contains'" }).optional(),
  mrn: z.string().trim().min(1, 'is empty').max(32, 'is too long').optional(),
  date_of_birth: isoDate.optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1, 'name at least one id').max(MAX_ID_LIST, `at most ${MAX_ID_LIST} ids`).optional(),
});
export type PatientFilter = z.output<typeof patientFilter>;

export const patientList: ListSpec<typeof patientFilter> = {
  sortable: ['family_name', 'date_of_birth', 'mrn', 'id'],
  defaultSort: ['family_name', 'ASC'],
  filter: patientFilter,
  maxPageSize: 100,
};

/** The console's import: a dry run unless `dry_run=false`, so a mistaken click only checks. */
export const patientImportQuery = z.strictObject({
  dry_run: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true').transform((value) => value === 'true'),
  file_name: z.string().trim().min(1).max(200).default('upload.csv'),
});
