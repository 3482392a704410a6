import { z } from 'zod';
import { copyCell, optionalCell, plainCellText, requiredCell, signedCellText } from '../../lib/csv-import.ts';
import { ACCOUNT_NUMBER, MAX_ACCOUNT_NUMBER } from './guarantor-accounts.schema.ts';

// The columns live in a module importing nothing, so the console shows the very list the import
// reads; the import and the demo seed take them from here, beside the rules for their cells.
export { GUARANTOR_ACCOUNT_COLUMNS, REQUIRED_GUARANTOR_ACCOUNT_COLUMNS, type GuarantorAccountColumn } from './guarantor-accounts.columns.ts';

/** The most patients one account lists: a family, not a ward. */
export const MAX_PATIENTS_PER_ACCOUNT = 50;
/** Ten billion dollars, in cents: beyond it the cell is a mistake (a misplaced column), not a balance. */
const MAX_BALANCE_CENTS = 1_000_000_000_000;

/** Letters, digits and `. _ -`, as MRNs are written (the patient and results imports' rule). */
const MRN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The account number of a row when it is well-formed, so a reject report may show it; else null. */
export const safeAccountNumber = (value: string | undefined): string | null => {
  const number = value?.toUpperCase();
  return number !== undefined && ACCOUNT_NUMBER.test(number) ? number : null;
};

/** The MRNs of a `patient_mrns` cell: separated by `;`, spaces around each and empty places dropped. */
export const mrnsOf = (cell: string): string[] =>
  cell
    .split(';')
    .map((mrn) => mrn.trim())
    .filter((mrn) => mrn !== '');

/** "1", "1 and 3", "1, 3 and 4": where in the list the problems are, never the values. */
export function positions(numbers: number[]): string {
  return numbers.length === 1 ? String(numbers[0]) : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

const patientMrns = plainCellText.transform((cell, ctx) => {
  const mrns = mrnsOf(cell);
  if (!mrns.length) ctx.addIssue({ code: 'custom', message: "is required: the MRNs of the account's patients, separated by ;" });
  else if (mrns.length > MAX_PATIENTS_PER_ACCOUNT) ctx.addIssue({ code: 'custom', message: `lists more than ${MAX_PATIENTS_PER_ACCOUNT} patients` });
  const malformed = mrns.flatMap((mrn, index) => (MRN.test(mrn) ? [] : [index + 1]));
  if (malformed.length) {
    const [which, verb] = malformed.length === 1 ? ['MRN number', 'is'] : ['MRNs number', 'are'];
    ctx.addIssue({ code: 'custom', message: `${which} ${positions(malformed)} ${verb} not well-formed: letters, digits, '.', '_' or '-'` });
  }
  return mrns;
});

/**
 * One data row of a guarantor accounts file. The balance is whole cents and may be negative (a
 * credit); a state is its two-letter code, a ZIP code five digits or ZIP+4, as the database's
 * own checks want them. Letters of the account number and the state are taken in any case.
 */
export const guarantorAccountRowSchema = z.object({
  account_number: plainCellText
    .transform((value) => value.toUpperCase())
    .pipe(
      z
        .string()
        .min(1, 'is required')
        .max(MAX_ACCOUNT_NUMBER, `is longer than ${MAX_ACCOUNT_NUMBER} characters`)
        .regex(ACCOUNT_NUMBER, "must be letters and digits, with '-' only between them"),
    ),
  guarantor_family_name: requiredCell(100),
  guarantor_given_name: requiredCell(100),
  address_line1: requiredCell(200),
  city: requiredCell(100),
  state: plainCellText.transform((value) => value.toUpperCase()).pipe(z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter state code such as CT')),
  zip: plainCellText.pipe(z.string().regex(/^[0-9]{5}(-[0-9]{4})?$/, 'must be a ZIP code of 5 digits, or ZIP+4 such as 06106-1234')),
  patient_mrns: patientMrns,
  balance_cents: signedCellText
    .pipe(z.string().regex(/^[-+]?[0-9]+$/, 'must be a whole number of cents, such as 12550 for $125.50 (negative for a credit)'))
    .transform(Number)
    .pipe(z.number().min(-MAX_BALANCE_CENTS, 'is beyond any balance').max(MAX_BALANCE_CENTS, 'is beyond any balance')),
  service_location: requiredCell(100),
  account_status: optionalCell(
    plainCellText.transform((value) => value.toLowerCase()),
    z.enum(['open', 'closed'], { error: "must be 'open', 'closed' or empty (open)" }),
  ),
});

export type GuarantorAccountImportRow = z.output<typeof guarantorAccountRowSchema>;

/** The staged columns, in COPY's order. */
export const STAGED_COLUMNS = [
  'line',
  'account_number',
  'guarantor_family_name',
  'guarantor_given_name',
  'address_line1',
  'city',
  'state',
  'zip',
  'patient_mrns',
  'balance_cents',
  'service_location',
  'closed',
] as const;

/** One line of COPY's text format: the file line, then every staged column (MRNs joined by `;`, which no MRN holds). */
export function guarantorAccountCopyLine(line: number, row: GuarantorAccountImportRow): string {
  const cells = [
    line,
    row.account_number,
    row.guarantor_family_name,
    row.guarantor_given_name,
    row.address_line1,
    row.city,
    row.state,
    row.zip,
    row.patient_mrns.join(';'),
    row.balance_cents,
    row.service_location,
    row.account_status === 'closed' ? 't' : 'f',
  ];
  return `${cells.map(copyCell).join('\t')}\n`;
}
