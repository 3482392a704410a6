import { z } from 'zod';
import { copyCell, optionalCell, plainCellText, requiredCell, signedCellText } from '../../lib/csv-import.ts';
import { isoInstant } from '../../lib/validation.ts';
import { ABNORMAL_FLAGS } from './results.schema.ts';

/** The columns of a results file, in the order the header names them and they are staged. */
export const RESULT_COLUMNS = [
  'accession_number',
  'mrn',
  'loinc_code',
  'test_name',
  'value',
  'unit',
  'reference_range',
  'abnormal_flag',
  'category',
  'performed_at',
  'resulted_at',
] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];

/** Every column is named, even when a row leaves the optional ones (unit, range, flag) empty. */
export const REQUIRED_RESULT_COLUMNS: readonly ResultColumn[] = RESULT_COLUMNS;

/** Letters, digits and `. _ -`: safe to echo in a reject report. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
/** "4.0-5.6", "4.0 - 5.6", "<200", "<= 200", ">60", ">=60": the bounds a chart draws as a band. */
const RANGE_BETWEEN = /^(-?\d+(?:\.\d+)?)\s*[-–]\s*(-?\d+(?:\.\d+)?)$/;
const RANGE_BELOW = /^<=?\s*(-?\d+(?:\.\d+)?)$/;
const RANGE_ABOVE = /^>=?\s*(-?\d+(?:\.\d+)?)$/;

/** The numeric bounds of a reference range as labs write it, or nulls when it is words ("negative"). */
export function rangeBounds(range: string | null): { low: string | null; high: string | null } {
  if (!range) return { low: null, high: null };
  const between = RANGE_BETWEEN.exec(range);
  if (between) return { low: between[1], high: between[2] };
  const below = RANGE_BELOW.exec(range);
  if (below) return { low: null, high: below[1] };
  const above = RANGE_ABOVE.exec(range);
  if (above) return { low: above[1], high: null };
  return { low: null, high: null };
}

/** The accession number of a row when it is well-formed, so a reject report may show it; else null. */
export const safeAccession = (value: string | undefined): string | null => (value !== undefined && IDENTIFIER.test(value) ? value : null);

const instant = plainCellText.pipe(z.string().min(1, 'is required')).pipe(isoInstant);

/**
 * One data row of a results file. A value is numeric when it reads as a number ("6.8", "-0.5");
 * anything else ("Negative", "<0.5", "See report") is kept as text. A value or a reference range
 * may start with a sign before a digit (a base excess of -2.5, a range of -2 - 3), nothing else
 * a spreadsheet would run.
 */
export const resultRowSchema = z
  .object({
    accession_number: plainCellText.pipe(
      z.string().min(1, 'is required').regex(IDENTIFIER, "must be 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit"),
    ),
    mrn: plainCellText.pipe(z.string().min(1, 'is required').regex(IDENTIFIER, "must be letters, digits, '.', '_' or '-'")),
    loinc_code: plainCellText.pipe(z.string().regex(/^[0-9]{1,7}-[0-9]$/, 'must be a LOINC code such as 4548-4')),
    test_name: requiredCell(200),
    value: signedCellText.pipe(z.string().min(1, 'is required').max(2000, 'is longer than 2000 characters')),
    unit: optionalCell(plainCellText, z.string().max(40, 'is longer than 40 characters')),
    reference_range: optionalCell(signedCellText, z.string().max(100, 'is longer than 100 characters')),
    abnormal_flag: optionalCell(plainCellText, z.enum(ABNORMAL_FLAGS, { error: `must be one of ${ABNORMAL_FLAGS.join(', ')}, or empty` })),
    category: plainCellText.pipe(z.string().min(1, 'is required').max(40, 'is longer than 40 characters')),
    performed_at: instant,
    resulted_at: instant,
  })
  .refine((row) => new Date(row.resulted_at) >= new Date(row.performed_at), {
    path: ['resulted_at'],
    error: 'is before performed_at',
    when: (payload) => payload.issues.length === 0,
  });

export type ResultImportRow = z.output<typeof resultRowSchema>;

/** The numeric value of a result, or null when it is words. */
export const numericValue = (value: string): string | null => (NUMBER.test(value) ? value : null);

/** One line of COPY's text format: the file line, every column, then the value and range as numbers. */
export function resultCopyLine(line: number, row: ResultImportRow): string {
  const { low, high } = rangeBounds(row.reference_range ?? null);
  let out = String(line);
  for (const column of RESULT_COLUMNS) out += `\t${copyCell(row[column])}`;
  return `${out}\t${copyCell(numericValue(row.value))}\t${copyCell(low)}\t${copyCell(high)}\n`;
}
