/**
 * The value sets of a patient's demographics, each with its code system and display names: the
 * API validates against them and the console shows their names (it bundles this module through
 * the contract, so it imports nothing). Codes are what the database stores; a code belongs to
 * exactly one system, named here.
 *
 * Sources: race and ethnicity are the OMB categories of the CDC Race & Ethnicity Code Set
 * (PHIN VADS, OID 2.16.840.1.113883.6.238); sexual orientation and gender identity are the
 * SNOMED CT codes of the USCDI value sets (ONC's 2015 Edition certification criteria, with
 * USCDI v3's "nonbinary"); UNK, ASKU and OTH are HL7 v3 null flavors; languages are BCP 47 tags
 * (RFC 5646) limited to those the hospital supports (setting demographics.supported_languages);
 * states are the USPS two-letter abbreviations (Publication 28, appendix B).
 */

export const CODE_SYSTEMS = {
  cdcRace: 'urn:oid:2.16.840.1.113883.6.238',
  snomed: 'http://snomed.info/sct',
  nullFlavor: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor',
  bcp47: 'urn:ietf:bcp:47',
  usps: 'https://pe.usps.com/text/pub28/28apb.htm',
} as const;

export interface Concept {
  code: string;
  system: string;
  display: string;
}

const unknown: Concept = { code: 'UNK', system: CODE_SYSTEMS.nullFlavor, display: 'Unknown' };
const declined: Concept = { code: 'ASKU', system: CODE_SYSTEMS.nullFlavor, display: 'Chose not to answer' };
const other: Concept = { code: 'OTH', system: CODE_SYSTEMS.nullFlavor, display: 'Something else' };

const cdc = (code: string, display: string): Concept => ({ code, system: CODE_SYSTEMS.cdcRace, display });
const snomed = (code: string, display: string): Concept => ({ code, system: CODE_SYSTEMS.snomed, display });

/** The coded fields and their concepts, in the order a form lists them. */
export const VALUE_SETS = {
  race: [
    cdc('1002-5', 'American Indian or Alaska Native'),
    cdc('2028-9', 'Asian'),
    cdc('2054-5', 'Black or African American'),
    cdc('2076-8', 'Native Hawaiian or Other Pacific Islander'),
    cdc('2106-3', 'White'),
    unknown,
    declined,
  ],
  ethnicity: [cdc('2135-2', 'Hispanic or Latino'), cdc('2186-5', 'Not Hispanic or Latino'), unknown, declined],
  sexual_orientation: [
    snomed('20430005', 'Straight or heterosexual'),
    snomed('38628009', 'Lesbian, gay or homosexual'),
    snomed('42035005', 'Bisexual'),
    other,
    unknown,
    declined,
  ],
  gender_identity: [
    snomed('446151000124109', 'Identifies as male'),
    snomed('446141000124107', 'Identifies as female'),
    snomed('407377005', 'Transgender man (female-to-male)'),
    snomed('407376001', 'Transgender woman (male-to-female)'),
    snomed('33791000087105', 'Identifies as nonbinary'),
    snomed('446131000124102', 'Genderqueer or gender non-conforming'),
    other,
    unknown,
    declined,
  ],
} as const satisfies Record<string, readonly Concept[]>;

export type CodedField = keyof typeof VALUE_SETS;

/** Race codes that say nothing else may be chosen beside them. */
export const EXCLUSIVE_RACE_CODES = ['UNK', 'ASKU'] as const;

/** The concept of a code in a field's value set, or undefined when the set has no such code. */
export function conceptOf(field: CodedField, code: string): Concept | undefined {
  return (VALUE_SETS[field] as readonly Concept[]).find((concept) => concept.code === code);
}

/** The USPS abbreviations: states, DC, inhabited territories and military post offices. */
export const US_STATES: readonly { code: string; name: string }[] = (
  'AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|' +
  'DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|' +
  'KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|' +
  'MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|' +
  'NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|' +
  'PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|' +
  'VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|AS American Samoa|' +
  'GU Guam|MP Northern Mariana Islands|PR Puerto Rico|VI U.S. Virgin Islands|' +
  'AA Armed Forces Americas|AE Armed Forces Europe|AP Armed Forces Pacific'
)
  .split('|')
  .map((entry) => ({ code: entry.slice(0, 2), name: entry.slice(3) }));

const US_STATE_CODES = new Set(US_STATES.map((state) => state.code));
export const isUsState = (code: string) => US_STATE_CODES.has(code);

/**
 * A language tag in its canonical BCP 47 form ("PT-br" is "pt-BR"), or null when it is not a
 * well-formed tag at all.
 */
export function canonicalLanguageTag(tag: string): string | null {
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A language's English name ("ht" is "Haitian Creole"); the tag itself when it has none. */
export function languageName(tag: string): string {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The fields a patient may ask to change from the portal. */
export const PATIENT_CHANGEABLE_FIELDS = [
  'race',
  'ethnicity',
  'preferred_language',
  'sexual_orientation',
  'gender_identity',
  'address',
  'email',
  'phone',
] as const;
export type PatientChangeableField = (typeof PATIENT_CHANGEABLE_FIELDS)[number];

/** Fields staff alone change, each time with a reason and a document. */
export const STAFF_ONLY_FIELDS = ['family_name', 'given_name', 'date_of_birth', 'sex'] as const;
export type StaffOnlyField = (typeof STAFF_ONLY_FIELDS)[number];

export const DEMOGRAPHIC_FIELDS = [...STAFF_ONLY_FIELDS, ...PATIENT_CHANGEABLE_FIELDS] as const;
export type DemographicField = (typeof DEMOGRAPHIC_FIELDS)[number];

export const FIELD_LABELS: Readonly<Record<DemographicField, string>> = {
  family_name: 'Legal family name',
  given_name: 'Legal given name',
  date_of_birth: 'Date of birth',
  sex: 'Sex',
  race: 'Race',
  ethnicity: 'Ethnicity',
  preferred_language: 'Preferred language',
  sexual_orientation: 'Sexual orientation',
  gender_identity: 'Gender identity',
  address: 'Address',
  email: 'Email',
  phone: 'Phone',
};

/**
 * A postal address as one field's value. What PortalDesk accepts is complete; an EHR import may
 * have left parts empty, and the history keeps what was there.
 */
export interface PostalAddress {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
}

/** A field's value as stored in a request or the history: a code, codes, an address, a text, or none. */
export type FieldValue = string | readonly string[] | PostalAddress | null;

const SEX_NAMES: Readonly<Record<string, string>> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };

/** A phone in E.164 as people read it: +18605550100 is (860) 555-0100, others keep their form. */
export function formatPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/** An address on one line, as an envelope would carry it. */
export function formatAddress(address: PostalAddress): string {
  const stateAndZip = [address.state, address.postal_code].filter(Boolean).join(' ');
  return [address.line1, address.line2, address.city, stateAndZip].filter(Boolean).join(', ');
}

const nameOf = (field: CodedField, code: string) => conceptOf(field, code)?.display ?? `Unknown code ${code}`;

/**
 * A field's value in words: names for codes, never bare codes ("White, Asian"; "Spanish";
 * "(860) 555-0100"); "Not recorded" for none. A code outside its set says so, not what it means.
 */
export function describeFieldValue(field: DemographicField, value: FieldValue | undefined): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return 'Not recorded';
  switch (field) {
    case 'race':
      return (value as readonly string[]).map((code) => nameOf('race', code)).join(', ');
    case 'ethnicity':
    case 'sexual_orientation':
    case 'gender_identity':
      return nameOf(field, value as string);
    case 'preferred_language':
      return languageName(value as string);
    case 'address':
      return formatAddress(value as PostalAddress);
    case 'phone':
      return formatPhone(value as string);
    case 'sex':
      return SEX_NAMES[value as string] ?? (value as string);
    default:
      return String(value);
  }
}
