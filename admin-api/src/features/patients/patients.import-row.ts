import { z } from 'zod';
import { cellText as text, copyCell, optionalCell as optional, plainCellText as plainText, requiredCell as required } from '../../lib/csv-import.ts';
import { isoDate } from '../../lib/validation.ts';
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

/** One line of COPY's text format: the file line, then every staged column. */
export function copyLine(line: number, row: PatientImportRow): string {
  let out = String(line);
  for (const column of PATIENT_COLUMNS) out += `\t${copyCell(row[column])}`;
  return `${out}\n`;
}
