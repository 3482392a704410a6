import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { isoDate, isoInstant, wire } from '../../lib/validation.ts';

/** HL7 v2 abnormal flags (table 0078) a lab feed sends: low, high, critically low or high, abnormal, critically abnormal, normal. */
export const ABNORMAL_FLAGS = ['L', 'H', 'LL', 'HH', 'A', 'AA', 'N'] as const;
export const RESULT_STATUSES = ['released', 'held'] as const;

export const resultFilter = z.strictObject({
  patient_id: z.number({ error: 'is required: results are read one patient at a time' }).int().positive(),
  loinc_code: z
    .string()
    .regex(/^[0-9]{1,7}-[0-9]$/, 'must be a LOINC code such as 4548-4')
    .optional(),
  status: z.enum(RESULT_STATUSES, { error: "must be 'released' or 'held'" }).optional(),
});
export type ResultFilter = z.output<typeof resultFilter>;

export const resultList: ListSpec<typeof resultFilter> = {
  sortable: ['resulted_at', 'performed_at', 'test_name', 'accession_number'],
  defaultSort: ['resulted_at', 'DESC'],
  filter: resultFilter,
  // A chart of one test reads its whole series at once.
  maxPageSize: 500,
};

/** The hold a result is under now, in brief. */
export const openHoldSummary = z.strictObject({
  id: wire.id,
  basis: z
    .enum(['patient_request', 'preventing_harm', 'state_law'])
    .nullable()
    .meta({ description: 'Null for roles that see only whether a result is released' }),
  ends_at: wire.instant.nullable(),
  until_patient_asks: z.boolean(),
  decided_by_name: z.string().nullable().meta({ description: 'Null for roles that see only whether a result is released' }),
  placed_at: wire.instant,
});

/**
 * A result as the Results tab lists it. Roles that may see whether a result reached the portal
 * but not what it says (ROI, support) get `values_withheld`, nulls for the value and its flags and
 * for the hold's basis and decider (a hold to prevent harm says as much as a value), and, for a
 * sensitive category, neither the test nor the category: only that it is sensitive.
 */
export const resultRecord = z.strictObject({
  id: wire.id,
  patient_id: wire.id,
  accession_number: z.string(),
  loinc_code: z.string(),
  test_name: z.string(),
  category: z.string(),
  category_name: z.string(),
  sensitive: z.boolean().meta({ description: 'The category is one of the sensitive record categories some proxies do not see' }),
  performed_at: wire.instant,
  resulted_at: wire.instant,
  received_at: wire.instant,
  status: z.enum(RESULT_STATUSES),
  released_at: wire.instant.nullable(),
  hold: openHoldSummary.nullable(),
  corrected_at: wire.instant.nullable(),
  corrections: z.number().int(),
  values_withheld: z.boolean(),
  value: z.string().nullable(),
  value_numeric: z.number().nullable(),
  unit: z.string().nullable(),
  reference_range: z.string().nullable(),
  reference_low: z.number().nullable(),
  reference_high: z.number().nullable(),
  abnormal_flag: z.enum(ABNORMAL_FLAGS).nullable(),
});
export type ResultRecord = z.output<typeof resultRecord>;

export const resultImportQuery = z.strictObject({
  file_name: z.string().trim().min(1).max(200).default('results.csv'),
  dry_run: z
    .enum(['true', 'false'], { error: "must be 'true' or 'false'" })
    .optional()
    .transform((value) => value === 'true'),
});

const rowReject = z.strictObject({
  line: z.number().int(),
  accession_number: z.string().nullable(),
  problems: z.array(z.strictObject({ field: z.string(), reason: z.string() })),
});

export const resultImportReport = z.strictObject({
  fileName: z.string(),
  dryRun: z.boolean(),
  committed: z.boolean(),
  rowsRead: z.number().int(),
  valid: z.number().int(),
  rejected: z.number().int(),
  inserted: z.number().int().meta({ description: 'New accession numbers' }),
  corrected: z.number().int().meta({ description: 'Known accession numbers whose result changed: each kept as a correction' }),
  unchanged: z.number().int(),
  held: z.number().int().meta({ description: "New results held by a category's state-law rule instead of released" }),
  seconds: z.number(),
  rejects: z.array(rowReject),
});
export type ResultImportReport = z.output<typeof resultImportReport>;

/** The kinds of harm 45 CFR 171.201 lets a licensed clinician's individual determination name. */
export const HARM_TYPES = ['life_or_physical_safety', 'substantial_harm_by_representative', 'substantial_harm_to_other_person'] as const;
export const HOLD_BASES = ['patient_request', 'preventing_harm', 'state_law'] as const;
export type HoldBasis = (typeof HOLD_BASES)[number];

const resultIds = z
  .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER), { error: 'must list the results by id' })
  .min(1, 'must name at least one result')
  .max(500, 'may name at most 500 results at once')
  .refine((ids) => new Set(ids).size === ids.length, 'names a result twice');

const reason = z
  .string({ error: 'is required' })
  .trim()
  .min(3, 'needs a few words: at least 3 characters')
  .max(1000, 'is too long: at most 1000 characters')
  .refine(
    (text) => !/\b(for|pending|awaiting|until)\s+(clinician\s+|provider\s+|doctor\s+)?review\b/i.test(text),
    'cannot be a wait "for review": a blanket delay is not a legal basis',
  );

/**
 * A hold on one or many results. The basis decides what else is needed: a patient's request its
 * date and an end (a date, or `untilPatientAsks`); preventing harm the type of harm and a review-by
 * date; state law nothing more (the result's category carries the rule). Who decided is always
 * the signed-in clinician: the body cannot name anyone else. Placing a hold on a result already
 * held on the same basis extends it.
 */
export const holdBody = z.strictObject({
  resultIds,
  basis: z.enum(HOLD_BASES, { error: "must be 'patient_request', 'preventing_harm' or 'state_law'" }),
  reason,
  until: isoDate.optional().meta({ description: 'patient_request: the day the result is released (at the start of the day, organization time)' }),
  untilPatientAsks: z.boolean().optional().meta({ description: 'patient_request: held until the patient asks, instead of a date' }),
  requestedOn: isoDate.optional().meta({ description: "patient_request: the date of the patient's request" }),
  reviewBy: isoDate.optional().meta({ description: 'preventing_harm: the day the determination is reviewed; the result is released then unless extended' }),
  harmType: z.enum(HARM_TYPES, { error: `must be one of ${HARM_TYPES.join(', ')}` }).optional(),
});
export type HoldBody = z.output<typeof holdBody>;

export const releaseBody = z.strictObject({ resultIds, reason });
export type ReleaseBody = z.output<typeof releaseBody>;

export const withdrawBody = z.strictObject({ reason, version: z.number({ error: 'is required' }).int().positive() });

export const releaseOutcome = z.strictObject({
  released: z.array(wire.id),
});

export const holdOutcome = z.strictObject({
  placed: z.array(wire.id).meta({ description: 'Results put under a new hold' }),
  extended: z.array(wire.id).meta({ description: 'Results whose hold on the same basis now lasts longer' }),
  holds: z.array(wire.id),
});

/** `recategorized`: a lab correction moved the result out of the category of its state-law hold. */
export const HOLD_ENDINGS = ['expired', 'released_now', 'basis_withdrawn', 'superseded', 'recategorized'] as const;

export const holdFilter = z.strictObject({
  patient_id: z.number().int().positive().optional(),
  basis: z.enum(HOLD_BASES, { error: `must be one of ${HOLD_BASES.join(', ')}` }).optional(),
  open: z.boolean({ error: 'must be true or false' }).optional(),
  ended_how: z.enum(HOLD_ENDINGS, { error: `must be one of ${HOLD_ENDINGS.join(', ')}` }).optional(),
  placed_from: isoDate.optional(),
  placed_to: isoDate.optional(),
  ends_before: isoInstant.optional(),
});
export type HoldFilter = z.output<typeof holdFilter>;

export const holdList: ListSpec<typeof holdFilter> = {
  sortable: ['placed_at', 'ends_at', 'ended_at'],
  defaultSort: ['placed_at', 'DESC'],
  filter: holdFilter,
};

/** A hold as the register and the release queue show it. */
export const holdRecord = z.strictObject({
  id: wire.id,
  result_id: wire.id,
  patient_id: wire.id,
  patient_mrn: z.string(),
  patient_name: z.string(),
  accession_number: z.string(),
  test_name: z.string(),
  basis: z.enum(HOLD_BASES),
  reason: z.string(),
  placed_at: wire.instant,
  decided_by_name: z.string(),
  ends_at: wire.instant.nullable(),
  until_patient_asks: z.boolean(),
  requested_on: wire.date.nullable(),
  harm_type: z.enum(HARM_TYPES).nullable(),
  citation: z.string().nullable(),
  category: z.string().nullable(),
  ended_at: wire.instant.nullable(),
  ended_how: z.enum(HOLD_ENDINGS).nullable(),
  ended_by_name: z.string().nullable().meta({ description: 'Who ended it; null when the release job did, at its end time' }),
  end_reason: z.string().nullable(),
  extensions: z.number().int(),
  overdue: z.boolean().meta({ description: 'Still open past its end: the release job is behind' }),
  version: z.number().int(),
});
export type HoldRecord = z.output<typeof holdRecord>;

export const correctionFilter = z.strictObject({
  result_id: z.number({ error: 'is required: corrections are read one result at a time' }).int().positive(),
});
export type CorrectionFilter = z.output<typeof correctionFilter>;

export const correctionList: ListSpec<typeof correctionFilter> = {
  sortable: ['corrected_at'],
  defaultSort: ['corrected_at', 'DESC'],
  filter: correctionFilter,
};

/** One correction of a result by the lab: what changed, from what to what, and whether the patient could have seen the earlier value. */
export const correctionRecord = z.strictObject({
  id: wire.id,
  result_id: wire.id,
  corrected_at: wire.instant,
  file_name: z.string(),
  imported_by_name: z.string().nullable().meta({ description: 'Who ran the import; null when no staff member did (a script)' }),
  was_released: z.boolean().meta({ description: 'The result had reached the portal before this correction (it may have been held again since)' }),
  changes: z.array(z.strictObject({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
});
export type CorrectionRecord = z.output<typeof correctionRecord>;
