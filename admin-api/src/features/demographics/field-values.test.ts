import { describe, expect, it } from 'vitest';
import { checkFieldValues, fieldValueOf, sameValue } from './field-values.ts';
import { canonicalLanguageTag, describeFieldValue, formatPhone, languageName, VALUE_SETS } from './value-sets.ts';

const SUPPORTED = ['en', 'es', 'ht', 'pt-BR', 'ase'];

describe('the value sets', () => {
  it('when each set is read, then every code has its system and a display name, and the OMB race categories are all there', () => {
    expect(VALUE_SETS.race.map((concept) => concept.code)).toEqual(['1002-5', '2028-9', '2054-5', '2076-8', '2106-3', 'UNK', 'ASKU']);
    expect(VALUE_SETS.ethnicity.map((concept) => concept.code)).toEqual(['2135-2', '2186-5', 'UNK', 'ASKU']);
    for (const concepts of Object.values(VALUE_SETS)) {
      for (const concept of concepts)
        expect(concept.system).toMatch(
          /^(urn:oid:2\.16\.840\.1\.113883\.6\.238|http:\/\/snomed\.info\/sct|http:\/\/terminology\.hl7\.org\/CodeSystem\/v3-NullFlavor)$/,
        );
    }
  });

  it.each([
    ['race', ['2106-3', '2054-5'], null],
    ['race', ['UNK'], null],
    ['race', ['2106-3', '2106-3'], 'twice'],
    ['race', ['UNK', '2106-3'], 'UNK or ASKU'],
    ['race', ['2135-2'], '2135-2'],
    ['ethnicity', '2135-2', null],
    ['ethnicity', 'ASKU', null],
    ['ethnicity', '2106-3', '2106-3'],
    ['sexual_orientation', '38628009', null],
    ['sexual_orientation', 'OTH', null],
    ['sexual_orientation', '446151000124109', '446151000124109'],
    ['gender_identity', '33791000087105', null],
    ['gender_identity', '20430005', '20430005'],
    ['preferred_language', 'ES', null],
    ['preferred_language', 'pt-br', null],
    ['preferred_language', 'fr', 'French'],
    ['preferred_language', 'en_US', 'not a BCP 47'],
    ['address', { line1: '1 Main St', line2: null, city: 'Hartford', state: 'PR', postal_code: '00901' }, null],
    ['address', { line1: '1 Main St', line2: null, city: 'Hartford', state: 'ZZ', postal_code: '06106' }, 'ZZ'],
    ['address', { line1: null, line2: null, city: 'Hartford', state: 'CT', postal_code: '06106' }, 'line1'],
  ] as const)('when %s is %j, then the problem is %j', (field, value, problem) => {
    const errors = checkFieldValues({ [field]: value as never }, SUPPORTED);
    if (problem === null) expect(errors).toEqual({});
    else expect(errors[field]).toContain(problem);
  });

  it('when a language tag is checked, then it is made canonical and named in English', () => {
    const values = { preferred_language: 'PT-br' };
    expect(checkFieldValues(values, SUPPORTED)).toEqual({});
    expect(values.preferred_language).toBe('pt-BR');
    expect(canonicalLanguageTag('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(languageName('ht')).toBe('Haitian Creole');
    expect(languageName('ase')).toBe('American Sign Language');
  });

  it('when values are described, then codes become names, phones read as US numbers, and an unknown code says so', () => {
    expect(describeFieldValue('race', ['2106-3', '2028-9'])).toBe('White, Asian');
    expect(describeFieldValue('gender_identity', 'ASKU')).toBe('Chose not to answer');
    expect(describeFieldValue('preferred_language', 'es')).toBe('Spanish');
    expect(describeFieldValue('ethnicity', '0000-0')).toBe('Unknown code 0000-0');
    expect(describeFieldValue('email', null)).toBe('Not recorded');
    expect(formatPhone('+18605550100')).toBe('(860) 555-0100');
    expect(formatPhone('+442071838750')).toBe('+442071838750');
    expect(describeFieldValue('address', { line1: '1 Main St', line2: 'Apt 2', city: 'Hartford', state: 'CT', postal_code: '06106' })).toBe(
      '1 Main St, Apt 2, Hartford, CT 06106',
    );
  });

  it('when values are compared, then races match in any order, an email’s capitals count, and an address with no part is none', () => {
    expect(sameValue('race', ['2106-3', '2028-9'], ['2028-9', '2106-3'])).toBe(true);
    expect(sameValue('email', 'Pat@Example.com', 'pat@example.com')).toBe(false);
    expect(sameValue('phone', '+18605550100', null)).toBe(false);
    expect(fieldValueOf({ address_line1: null, address_line2: null, city: null, state: null, postal_code: null }, 'address')).toBeNull();
  });
});
