import type { FieldErrors } from '../../lib/errors.ts';
import {
  canonicalLanguageTag,
  conceptOf,
  EXCLUSIVE_RACE_CODES,
  isUsState,
  languageName,
  type CodedField,
  type DemographicField,
  type FieldValue,
  type PostalAddress,
} from './value-sets.ts';

/** The columns of `patients` an address is stored in. */
export const ADDRESS_COLUMNS = ['address_line1', 'address_line2', 'city', 'state', 'postal_code'] as const;

/** The columns of `patients` each demographic field is stored in. */
export const FIELD_COLUMNS: Readonly<Record<DemographicField, readonly string[]>> = {
  family_name: ['family_name'],
  given_name: ['given_name'],
  date_of_birth: ['date_of_birth'],
  sex: ['sex'],
  race: ['race'],
  ethnicity: ['ethnicity'],
  preferred_language: ['preferred_language'],
  sexual_orientation: ['sexual_orientation'],
  gender_identity: ['gender_identity'],
  address: ADDRESS_COLUMNS,
  email: ['email'],
  phone: ['phone'],
};

export const DEMOGRAPHIC_COLUMNS = Object.values(FIELD_COLUMNS).flat();

/** A patient row's demographic columns, as read. */
export type DemographicRow = Record<string, unknown>;

/** One field's value out of a patient row: the address is one value, null when it has no part. */
export function fieldValueOf(row: DemographicRow, field: DemographicField): FieldValue {
  if (field === 'address') {
    const address: PostalAddress = {
      line1: (row.address_line1 as string | null) ?? null,
      line2: (row.address_line2 as string | null) ?? null,
      city: (row.city as string | null) ?? null,
      state: (row.state as string | null) ?? null,
      postal_code: (row.postal_code as string | null) ?? null,
    };
    return Object.values(address).some((part) => part !== null) ? address : null;
  }
  return (row[field] as FieldValue) ?? null;
}

/** The columns to write for a field's new value. */
export function columnsOf(field: DemographicField, value: FieldValue): Record<string, unknown> {
  if (field !== 'address') return { [field]: value };
  const address = value as PostalAddress | null;
  return {
    address_line1: address?.line1 ?? null,
    address_line2: address?.line2 ?? null,
    city: address?.city ?? null,
    state: address?.state ?? null,
    postal_code: address?.postal_code ?? null,
  };
}

/** Whether two values of a field are the same: races in any order, addresses part by part, text exactly (a patient may fix an email's capitals). */
export function sameValue(field: DemographicField, a: FieldValue, b: FieldValue): boolean {
  if (a === null || b === null) return a === b;
  if (field === 'race') return [...(a as string[])].sort().join('|') === [...(b as string[])].sort().join('|');
  if (field === 'address') {
    const [x, y] = [a as PostalAddress, b as PostalAddress];
    return x.line1 === y.line1 && x.line2 === y.line2 && x.city === y.city && x.state === y.state && x.postal_code === y.postal_code;
  }
  return a === b;
}

const codeProblem = (field: CodedField, code: string) => (conceptOf(field, code) ? null : `has an unknown code "${code}"`);

/**
 * What is wrong with new values by their value sets, keyed by the caller's names for the fields
 * (`nameOf`): unknown codes (named), a language tag that is malformed or not one the hospital
 * supports, UNK or ASKU beside a race, a state the USPS does not know, an incomplete address.
 * Values are made canonical in place (a language tag's case). Empty when all is well.
 */
export function checkFieldValues(
  values: Partial<Record<DemographicField, FieldValue>>,
  supportedLanguages: readonly string[],
  nameOf: (field: DemographicField) => string = (field) => field,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, value] of Object.entries(values) as [DemographicField, FieldValue][]) {
    if (value === null) continue;
    const problem = problemOf(field, value, supportedLanguages);
    if (problem) errors[nameOf(field)] = problem;
    if (field === 'preferred_language') values.preferred_language = canonicalLanguageTag(value as string) ?? value;
  }
  return errors;
}

/** Why a field's value is not acceptable now, or null; used for review too (a setting may have changed). */
export function problemOf(field: DemographicField, value: FieldValue, supportedLanguages: readonly string[]): string | null {
  if (value === null) return null;
  switch (field) {
    case 'race': {
      const codes = value as string[];
      const unknown = codes.map((code) => codeProblem('race', code)).find(Boolean);
      if (unknown) return unknown;
      if (new Set(codes).size !== codes.length) return 'names a race twice';
      if (codes.length > 1 && codes.some((code) => (EXCLUSIVE_RACE_CODES as readonly string[]).includes(code))) {
        return 'cannot name UNK or ASKU beside a race';
      }
      return null;
    }
    case 'ethnicity':
    case 'sexual_orientation':
    case 'gender_identity':
      return codeProblem(field, value as string);
    case 'preferred_language': {
      const tag = canonicalLanguageTag(value as string);
      if (!tag) return `"${value as string}" is not a BCP 47 language tag`;
      const supported = supportedLanguages.map((entry) => canonicalLanguageTag(entry) ?? entry);
      if (!supported.includes(tag)) return `"${tag}" (${languageName(tag)}) is not among the languages the hospital supports`;
      return null;
    }
    case 'address': {
      const address = value as PostalAddress;
      const missing = (['line1', 'city', 'state', 'postal_code'] as const).filter((part) => !address[part]);
      if (missing.length) return `is incomplete: ${missing.join(', ')} missing`;
      if (!isUsState(address.state!)) return `has an unknown state code "${address.state}"`;
      return null;
    }
    default:
      return null;
  }
}

/** The supported-languages setting as a list of canonical tags. */
export const languageList = (setting: string) =>
  setting
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((tag) => canonicalLanguageTag(tag) ?? tag);
