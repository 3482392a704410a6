import {
  EXCLUSIVE_RACE_CODES,
  formatPhone,
  STAFF_ONLY_FIELDS,
  type DemographicField,
  type PatientCorrection,
  type PatientRecord,
} from '@portaldesk/admin-api/contract';

/**
 * A patient's fields as `<PatientInputs>` edits them: texts as typed, races as a list, the phone
 * as people read it ("(860) 555-0100"). What the API takes is derived from these by `wireValue`.
 */
export interface PatientFormValues {
  family_name: string;
  given_name: string;
  date_of_birth: string;
  sex: PatientRecord['sex'];
  race: string[];
  ethnicity: string | null;
  preferred_language: string | null;
  sexual_orientation: string | null;
  gender_identity: string | null;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  email: string | null;
  phone: string | null;
}

export type PatientFormField = keyof PatientFormValues;

/** The form's fields in the order a correction body lists them. */
export const PATIENT_FORM_FIELDS = [
  'family_name',
  'given_name',
  'date_of_birth',
  'sex',
  'race',
  'ethnicity',
  'preferred_language',
  'sexual_orientation',
  'gender_identity',
  'address_line1',
  'address_line2',
  'city',
  'state',
  'postal_code',
  'email',
  'phone',
] as const satisfies readonly PatientFormField[];

export const ADDRESS_PARTS = ['address_line1', 'address_line2', 'city', 'state', 'postal_code'] as const;

/** A record as the form starts from it. */
export function formValuesOf(record: PatientRecord): PatientFormValues {
  return {
    family_name: record.family_name,
    given_name: record.given_name,
    date_of_birth: record.date_of_birth,
    sex: record.sex,
    race: [...(record.race ?? [])],
    // Every field is there for ROI, the one role that corrects; `?? null` satisfies the record's type.
    ethnicity: record.ethnicity ?? null,
    preferred_language: record.preferred_language,
    sexual_orientation: record.sexual_orientation ?? null,
    gender_identity: record.gender_identity ?? null,
    address_line1: record.address_line1,
    address_line2: record.address_line2,
    city: record.city,
    state: record.state,
    postal_code: record.postal_code,
    email: record.email,
    phone: record.phone ? formatPhone(record.phone) : null,
  };
}

/**
 * A phone number as typed, in E.164: a US number of 10 digits in any punctuation ("860.555.0100",
 * "(860) 555-0100", "1 860 555 0100") is +18605550100; one typed with "+" keeps its country code.
 * Null when nothing is typed; undefined when it is not a phone number (letters, too few digits).
 */
export function phoneAsE164(typed: string | null | undefined): string | null | undefined {
  const text = (typed ?? '').trim();
  if (!text) return null;
  if (!/^\+?[\d\s().-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : undefined;
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  // A US area code and exchange never start with 0 or 1.
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(national) ? `+1${national}` : undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '') || null;

/** A field's value as the API takes it: trimmed, empty as null, races sorted, the phone in E.164. */
export function wireValue(field: PatientFormField, value: unknown): string | string[] | null {
  switch (field) {
    case 'race': {
      const codes = Array.isArray(value) ? (value as string[]) : [];
      return codes.length ? [...codes].sort() : null;
    }
    case 'state':
      return text(value)?.toUpperCase() ?? null;
    case 'phone': {
      const e164 = phoneAsE164(value as string | null);
      // An unreadable number never reaches here (the input refuses it); sent as typed, the API names it.
      return e164 === undefined ? text(value) : e164;
    }
    default:
      return text(value);
  }
}

const sameWire = (field: PatientFormField, a: unknown, b: unknown) => JSON.stringify(wireValue(field, a)) === JSON.stringify(wireValue(field, b));

/**
 * The fields of a correction: only those whose value differs from `record` (the version the
 * staff member read), as the API takes them. Address parts go one by one; the API merges them.
 */
export function changedFields(values: PatientFormValues, record: PatientRecord): Partial<PatientCorrection> {
  const before = formValuesOf(record);
  const changes: Record<string, unknown> = {};
  for (const field of PATIENT_FORM_FIELDS) {
    if (!sameWire(field, values[field], before[field])) changes[field] = wireValue(field, values[field]);
  }
  return changes as Partial<PatientCorrection>;
}

/** The fields, as the history names them, that a correction changes: address parts are one field. */
export function demographicFieldsOf(changes: Partial<PatientCorrection>): DemographicField[] {
  const fields = new Set<DemographicField>();
  for (const key of Object.keys(changes)) fields.add((ADDRESS_PARTS as readonly string[]).includes(key) ? 'address' : (key as DemographicField));
  return [...fields];
}

/** The legal fields (name, date of birth, sex) a correction changes: each needs a document. */
export const legalFieldsOf = (changes: Partial<PatientCorrection>) => STAFF_ONLY_FIELDS.filter((field) => field in changes);

const EXCLUSIVE: readonly string[] = EXCLUSIVE_RACE_CODES;

/**
 * The races after a box is ticked or cleared: "Unknown" and "Chose not to answer" stand alone.
 * The box just ticked comes last (react-admin's CheckboxGroupInput appends it): ticking one of
 * those two leaves it alone; ticking a race clears them.
 */
export function exclusiveRaces(codes: readonly string[] | null | undefined): string[] {
  const chosen = [...(codes ?? [])];
  const last = chosen.at(-1);
  if (last !== undefined && EXCLUSIVE.includes(last)) return [last];
  return chosen.length > 1 ? chosen.filter((code) => !EXCLUSIVE.includes(code)) : chosen;
}

/**
 * The form after a save was refused because someone else saved first: every field the staff
 * member typed in keeps what they typed; every other field shows its value now (`current`), so
 * saving again changes only what they meant to change.
 */
export function mergeAfterConflict(typed: PatientFormValues, read: PatientRecord, current: PatientRecord): PatientFormValues {
  const before = formValuesOf(read);
  const now = formValuesOf(current);
  const merged = { ...typed };
  for (const field of PATIENT_FORM_FIELDS) {
    if (sameWire(field, typed[field], before[field])) (merged as Record<string, unknown>)[field] = now[field];
  }
  return merged;
}
