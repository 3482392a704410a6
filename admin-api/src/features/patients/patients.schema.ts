import { z } from 'zod';
import { isoDate, isoInstant, wire } from '../../lib/validation.ts';
import type { ListSpec } from '../../lib/list-query.ts';
import { DEMOGRAPHIC_FIELDS } from '../demographics/value-sets.ts';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

/**
 * Most ids one lookup may name: a page of the patient list (what react-admin's getMany asks for
 * to show a page of references). Staff search by name, MRN or birth date; ids are no way to
 * page through patients, and every patient a lookup returns finds it in their ledger.
 */
export const MAX_ID_LIST = 25;

/**
 * An MRN as staff type or paste it: a leading "MRN", "MRN:" or "MRN#" (any case) and every space
 * are left out, so "MRN: 1000 0172" looks up 10000172 and the audit row records that.
 */
const typedMrn = z
  .string()
  .max(64, 'is too long: at most 64 characters')
  .transform((typed) => typed.replace(/^\s*mrn\s*[:#]?/i, '').replace(/\s+/g, ''))
  .pipe(z.string().min(1, 'is empty: type an MRN').max(32, 'is too long: at most 32 characters'));

export const patientFilter = z.strictObject({
  /**
   * A name: "family", "family, given", or words in either order ("given family" ranks after
   * "family given"), matched as prefixes, or anywhere with match=contains; case, accents,
   * apostrophes, hyphens and spaces do not matter.
   */
  q: z.string().trim().max(100, 'is too long: at most 100 characters').optional(),
  match: z.enum(['prefix', 'contains'], { error: "must be 'prefix' or 'contains'" }).optional(),
  mrn: typedMrn.optional(),
  date_of_birth: isoDate.optional(),
  id: z
    .array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER))
    .min(1, 'name at least one id')
    .max(MAX_ID_LIST, `at most ${MAX_ID_LIST} ids`)
    .optional(),
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
  dry_run: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  file_name: z.string().trim().min(1).max(200).default('upload.csv'),
  extracted_at: isoInstant
    .transform((value) => new Date(value))
    .optional()
    .meta({ description: 'When the EHR made the extract: a field staff changed after it keeps the staff value (a conflict in the report)' }),
});

/** A patient as a search lists them, with the age today (or at death). */
export const patientRow = z.strictObject({
  id: wire.id,
  mrn: z.string(),
  family_name: z.string(),
  given_name: z.string(),
  date_of_birth: wire.date,
  sex: z.enum(SEXES),
  deceased_date: wire.date.nullable(),
  city: z.string().nullable(),
  state: z.string().nullable().meta({ description: 'Two-letter US state code' }),
  age: z.number().int().meta({ description: "Whole years on today's date in the organization's time zone, or on the date of death" }),
  deceased: z.boolean(),
});

/**
 * A patient's full record: the search row with contact details, the demographics patients may
 * change (as codes: value-sets.ts names them), when it was last written, and its version.
 */
export const patientRecord = patientRow.extend({
  phone: z.string().nullable().meta({ description: 'E.164, e.g. +18605550100' }),
  email: z.string().nullable(),
  address_line1: z.string().nullable(),
  address_line2: z.string().nullable(),
  postal_code: z.string().nullable(),
  race: z
    .array(z.string())
    .nullable()
    .optional()
    .meta({ description: 'CDC Race & Ethnicity codes, or UNK or ASKU; absent for roles without demographics:show (billing)' }),
  ethnicity: z.string().nullable().optional().meta({ description: 'A CDC Race & Ethnicity code, or UNK or ASKU; absent as race' }),
  preferred_language: z.string().nullable().meta({ description: 'A BCP 47 tag' }),
  sexual_orientation: z.string().nullable().optional().meta({ description: 'A SNOMED CT code, or OTH, UNK or ASKU; absent as race' }),
  gender_identity: z.string().nullable().optional().meta({ description: 'A SNOMED CT code, or OTH, UNK or ASKU; absent as race' }),
  version: z.number().int().meta({ description: 'Send it back with a correction: a save from an older version is refused (409)' }),
  created_at: wire.instant,
  updated_at: wire.instant,
});

/** One problem with a rejected row, in words that never quote its value. */
const rowProblem = z.strictObject({
  field: z.string().meta({ description: 'A column name, or `row` for the whole row' }),
  reason: z.string(),
});

/** What an import did with the file: the counts, the first 1,000 rejected rows and the first 1,000 conflicts. */
export const patientImportReport = z.strictObject({
  fileName: z.string(),
  dryRun: z.boolean(),
  committed: z.boolean().meta({ description: 'The patients were written: not a dry run, and no row rejected' }),
  rowsRead: z.number().int().meta({ description: 'Data rows in the file, without the header and blank lines' }),
  valid: z.number().int(),
  rejected: z.number().int(),
  imported: z.number().int().meta({ description: 'Rows saved: every valid row when committed, else 0' }),
  seconds: z.number(),
  rejects: z
    .array(
      z.strictObject({
        line: z.number().int().meta({ description: 'The line of the file where the row starts (1 is the header)' }),
        mrn: z.string().nullable().meta({ description: "The row's MRN when it is well-formed" }),
        problems: z.array(rowProblem),
      }),
    )
    .meta({ description: 'The first 1,000 rejected rows, in the order found' }),
  conflicted: z.number().int().meta({
    description:
      "Fields of stored patients the file would change that keep the staff value instead: staff changed them after `extracted_at` (without it, since the field's last import). They do not fail the import",
  }),
  conflicts: z
    .array(
      z.strictObject({
        line: z.number().int().meta({ description: 'The line of the file where the row starts (1 is the header)' }),
        mrn: z.string(),
        field: z.enum(DEMOGRAPHIC_FIELDS).meta({ description: 'The demographic field kept; `address` is all its columns together' }),
        changedAt: wire.instant.meta({ description: 'When staff changed the field' }),
        source: z.enum(['staff_correction', 'change_request']).meta({ description: "A staff correction, or a patient's request staff accepted" }),
      }),
    )
    .meta({ description: 'The first 1,000 conflicts, by line' }),
});
