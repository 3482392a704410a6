import { z } from 'zod';
import { hasControlCharacter, isoDate } from '../../lib/validation.ts';
import { isUsState } from '../demographics/value-sets.ts';
import { SEXES } from './patients.schema.ts';

/**
 * The columns of a patient CSV extract, in the order they are staged. The header row names them
 * exactly, in any order; a required column may not be left out, an optional one may (and then
 * the import leaves that field of existing patients alone).
 */
export const PATIENT_COLUMNS = [
  'mrn',
  'family_name',
  'given_name',
  'date_of_birth',
  'sex',
  'deceased_date',
  'phone',
  'email',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
] as const;
export type PatientColumn = (typeof PATIENT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly PatientColumn[] = ['mrn', 'family_name', 'given_name', 'date_of_birth', 'sex'];

/** Letters, digits and `. _ -`, starting with a letter or digit: safe to echo in a reject report. */
const MRN_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/**
 * Excel, LibreOffice and Google Sheets run a cell starting with one of these as a formula when
 * staff later export patients to a spreadsheet (CSV injection, OWASP). Such a row is refused
 * rather than "fixed" by prefixing a quote, because a name or an address never legitimately starts
 * with them. Tab and CR complete OWASP's list; normalizeCell has trimmed them off and folded inner
 * ones into spaces already, so this check sees the value exactly as it will be stored.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

// Line breaks and tabs inside a cell are whitespace (an EHR wrapping a long address is not an
// error); other control characters are refused by the API's one rule, and U+FFFD is what a
// byte that is not UTF-8 decodes to.
const isCleanText = (value: string) => !hasControlCharacter(value) && !value.includes('\uFFFD');
const INNER_WHITESPACE = /\s{2,}|[\t\n\r\f\v]/;

/** Sexes by their lower-case name or initial (a Map, so "constructor" is not a sex). */
const SEX_CODES = new Map<string, (typeof SEXES)[number]>(
  SEXES.flatMap(
    (sex) =>
      [
        [sex, sex],
        [sex[0], sex],
      ] as const,
  ),
);

/** Trims a cell and folds runs of whitespace (line breaks included) into one space. */
export function normalizeCell(value: string): string {
  const trimmed = value.trim();
  return INNER_WHITESPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** The MRN of a row when it is well-formed, so a reject report may show it; else null. */
export function safeMrn(value: string | undefined): string | null {
  return value !== undefined && MRN_FORMAT.test(value) ? value : null;
}

/**
 * A US phone number in E.164 (+1NNNNNNNNNN), or null when it is not one. Phones are normalised
 * rather than run through the formula check: "+1 (860) 555-0100" and "-860-555-0100" are
 * ordinary ways to write a number. The stored form is "+" and digits only, which a spreadsheet
 * reads as a number, never a formula that runs anything (and CSV exports defuse it: lib/csv.ts).
 */
function normalizePhone(value: string): string | null {
  if (!/^\+?[\d\s().-]+$/.test(value)) return null;
  let digits = value.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return null;
  return `+1${digits}`;
}

/** A ZIP or ZIP+4 code as 12345 or 12345-6789, or null when it is not one. */
function normalizeZip(value: string): string | null {
  if (!/^\d{5}(-?\d{4})?$/.test(value)) return null;
  return value.length === 9 ? `${value.slice(0, 5)}-${value.slice(5)}` : value;
}

const text = z.string().refine(isCleanText, { error: 'contains control characters or text that is not UTF-8', abort: true });
const plainText = text.refine((value) => !FORMULA_START.test(value), {
  error: 'starts with =, +, -, @, tab or CR, which a spreadsheet would run as a formula',
  abort: true,
});

const required = (max: number) => plainText.pipe(z.string().min(1, 'is required').max(max, `is longer than ${max} characters`));

/** An optional cell: empty means null; a column left out of the file stays undefined. */
function optional<T extends z.ZodType<unknown, string>>(base: z.ZodType<string, string>, schema: T) {
  return base
    .transform((value) => (value === '' ? null : value))
    .pipe(schema.nullable())
    .optional();
}

const mapped = <T>(map: (value: string) => T | null, message: string) =>
  z.string().transform((value, ctx) => {
    const result = map(value);
    if (result === null) {
      ctx.issues.push({ code: 'custom', message, input: value });
      return z.NEVER;
    }
    return result;
  });

/** A real calendar date between 1900-01-01 and `today`. */
const pastDate = (today: string) => isoDate.refine((value) => value >= '1900-01-01', 'is before 1900').refine((value) => value <= today, 'is in the future');

/**
 * One data row of a patient CSV, as cells named by the header. `today` is the organization's
 * calendar date, which no birth or death may follow.
 */
export function patientRowSchema(today: string) {
  return z
    .object({
      mrn: plainText.pipe(z.string().min(1, 'is required').regex(MRN_FORMAT, "must be 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit")),
      family_name: required(100),
      given_name: required(100),
      date_of_birth: plainText.pipe(z.string().min(1, 'is required')).pipe(pastDate(today)),
      sex: plainText.pipe(mapped((value) => SEX_CODES.get(value.toLowerCase()) ?? null, 'must be female, male, other or unknown (or F, M, O, U)')),
      deceased_date: optional(plainText, pastDate(today)),
      phone: optional(text, mapped(normalizePhone, 'must be a 10-digit US phone number')),
      email: optional(plainText, z.email('must be an email address').max(254, 'is longer than 254 characters')),
      address_line1: optional(plainText, z.string().max(200, 'is longer than 200 characters')),
      address_line2: optional(plainText, z.string().max(200, 'is longer than 200 characters')),
      city: optional(plainText, z.string().max(100, 'is longer than 100 characters')),
      state: optional(
        plainText,
        mapped((value) => (isUsState(value.toUpperCase()) ? value.toUpperCase() : null), 'must be a two-letter US state code'),
      ),
      postal_code: optional(plainText, mapped(normalizeZip, 'must be a 5- or 9-digit ZIP code (a spreadsheet may have dropped a leading zero)')),
    })
    .refine((row) => !row.deceased_date || row.deceased_date >= row.date_of_birth, {
      path: ['deceased_date'],
      error: 'is before the date of birth',
      // Only compare dates that are both valid.
      when: (payload) => payload.issues.length === 0,
    });
}

export type PatientImportRow = z.output<ReturnType<typeof patientRowSchema>>;

/** One line of COPY's text format: the file line, then every staged column (\N is NULL). */
export function copyLine(line: number, row: PatientImportRow): string {
  let out = String(line);
  for (const column of PATIENT_COLUMNS) {
    const value = row[column];
    // Validation folded tabs and line breaks into spaces and refused control characters, so a
    // backslash is the only character COPY's text format still needs escaped.
    out += value == null ? '\t\\N' : `\t${value.replaceAll('\\', '\\\\')}`;
  }
  return `${out}\n`;
}
