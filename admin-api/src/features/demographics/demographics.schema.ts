import { z } from 'zod';
import { hasControlCharacter, isoDate, wire } from '../../lib/validation.ts';
import { SEXES } from '../patients/patients.schema.ts';
import { DEMOGRAPHIC_FIELDS, PATIENT_CHANGEABLE_FIELDS } from './value-sets.ts';

/**
 * The shapes of demographic values as they travel. Form is checked here (a 400 naming the
 * field); whether a code belongs to its value set is checked by the service against value-sets.ts
 * and the supported languages (a 422 naming the field and the code).
 */

/** One line of text a person typed: no control characters, trimmed, not empty. */
export const textLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is empty')
    .max(max, `is longer than ${max} characters`)
    .refine((value) => !hasControlCharacter(value), 'contains control characters');

/** A code as sent: the set it must belong to is checked later, by the field's value set. */
export const code = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(64, 'is not a code: longer than 64 characters')
  .regex(/^[A-Za-z0-9-]+$/, 'is not a code: letters, digits and hyphens only');

export const raceCodes = z.array(code).min(1, 'name at least one race, or UNK or ASKU').max(7, 'names more races than there are');
export const languageTag = z.string().trim().min(1, 'is empty').max(35, 'is not a language tag: BCP 47 tags are at most 35 characters');

/** E.164: a plus, the country code and the number, 15 digits at most (+18605550100). */
export const e164Phone = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number: +, the country code and the number, digits only (+18605550100)');

export const emailAddress = z.string().trim().max(254, 'is longer than 254 characters').pipe(z.email('must be an email address'));
export const stateCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter USPS state abbreviation')
  .transform((value) => value.toUpperCase());
export const zipCode = z
  .string()
  .trim()
  .regex(/^\d{5}(-\d{4})?$/, 'must be a ZIP code (12345) or ZIP+4 (12345-6789)');

/** A US postal address as the portal sends it. */
export const portalAddress = z.strictObject({
  line1: textLine(200),
  line2: textLine(200).nullish(),
  city: textLine(100),
  state: stateCode,
  postalCode: zipCode,
});

/** Names the portal might use for what only staff change; each is refused with directions. */
export const STAFF_ONLY_PORTAL_NAMES = ['legalName', 'familyName', 'givenName', 'name', 'dateOfBirth', 'birthDate', 'sex'] as const;

const refusedOnPortal = z
  .unknown()
  .optional()
  .meta({ description: 'Refused with 422 staff_only_field: legal name, date of birth and sex are changed by Registration' });

/** The changes a patient asks for; at least one. Optional fields may be cleared with null. */
export const portalChanges = z
  .strictObject({
    race: raceCodes.optional().meta({ description: 'CDC Race & Ethnicity codes (1002-5, 2028-9, 2054-5, 2076-8, 2106-3), or UNK or ASKU alone' }),
    ethnicity: code.optional().meta({ description: '2135-2, 2186-5, UNK or ASKU' }),
    preferredLanguage: languageTag.optional().meta({ description: 'A BCP 47 tag among the languages the hospital supports' }),
    sexualOrientation: code.nullable().optional().meta({ description: 'A SNOMED CT code of the USCDI value set, OTH, UNK or ASKU; null clears it' }),
    genderIdentity: code.nullable().optional().meta({ description: 'A SNOMED CT code of the USCDI value set, OTH, UNK or ASKU; null clears it' }),
    address: portalAddress.optional(),
    email: emailAddress.optional(),
    phone: e164Phone.optional(),
    legalName: refusedOnPortal,
    familyName: refusedOnPortal,
    givenName: refusedOnPortal,
    name: refusedOnPortal,
    dateOfBirth: refusedOnPortal,
    birthDate: refusedOnPortal,
    sex: refusedOnPortal,
  })
  .refine((changes) => Object.keys(changes).length > 0, 'names no field to change');

export const demographicChangeRequestBody = z.strictObject({
  username: z.string().trim().min(1, 'is empty').max(254, 'is too long'),
  changes: portalChanges,
});
export type DemographicChangeRequestBody = z.output<typeof demographicChangeRequestBody>;

/** A staff correction: any demographic field, with the reason, the version read, and a document for legal name, birth date or sex. */
export const patientCorrectionBody = z.strictObject({
  family_name: textLine(100).optional(),
  given_name: textLine(100).optional(),
  date_of_birth: isoDate.optional(),
  sex: z.enum(SEXES, { error: 'must be female, male, other or unknown' }).optional(),
  race: raceCodes.nullable().optional(),
  ethnicity: code.nullable().optional(),
  preferred_language: languageTag.nullable().optional(),
  sexual_orientation: code.nullable().optional(),
  gender_identity: code.nullable().optional(),
  address_line1: textLine(200).nullable().optional(),
  address_line2: textLine(200).nullable().optional(),
  city: textLine(100).nullable().optional(),
  state: stateCode.nullable().optional(),
  postal_code: zipCode.nullable().optional(),
  email: emailAddress.nullable().optional(),
  phone: e164Phone.nullable().optional(),
  reason: z.string().trim().max(500, 'is longer than 500 characters').optional().meta({ description: 'Why: required (422 without it)' }),
  document_id: z.number().int().positive().optional().meta({
    description: 'A document uploaded for this patient (POST /patients/{id}/documents): required to change legal name, date of birth or sex',
  }),
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});
export type PatientCorrectionBody = z.output<typeof patientCorrectionBody>;

export const demographicField = z.enum(DEMOGRAPHIC_FIELDS);
export const patientChangeableField = z.enum(PATIENT_CHANGEABLE_FIELDS);

/** An address as stored: complete when PortalDesk wrote it, possibly partial from an EHR import. */
const storedAddress = z.strictObject({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postal_code: z.string().nullable(),
});
/** A field's value as requests and the history keep it. */
export const fieldValue = z.union([z.string(), z.array(z.string()), storedAddress, z.null()]);

/** One change to one field of a patient's record. */
export const historyRecord = z.strictObject({
  id: wire.id,
  patient_id: wire.id,
  field: demographicField,
  old_value: fieldValue,
  new_value: fieldValue,
  changed_at: wire.instant,
  changed_by: wire.id.nullable(),
  changed_by_name: z.string().nullable().meta({ description: "The staff member's name; null when the change came without one" }),
  source: z.enum(['staff_correction', 'change_request', 'import']),
  reason: z.string().nullable(),
  change_request_id: wire.id.nullable(),
  document_id: wire.id.nullable(),
  version: z.number().int().meta({ description: "The record's version this change made" }),
});

export const historyFilter = z.strictObject({ field: demographicField.optional() });
