import { describe, expect, it } from 'vitest';
import { changedFields, demographicFieldsOf, exclusiveRaces, formValuesOf, legalFieldsOf, mergeAfterConflict, phoneAsE164 } from './patientForm.ts';
import { testPatient } from './testPatient.ts';

const patient = testPatient();

describe('patientForm', () => {
  it('when a US number is typed in any punctuation, then it is sent in E.164; anything else is refused', () => {
    expect(phoneAsE164('(860) 555-0199')).toBe('+18605550199');
    expect(phoneAsE164('860.555.0199')).toBe('+18605550199');
    expect(phoneAsE164('1 860 555 0199')).toBe('+18605550199');
    expect(phoneAsE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(phoneAsE164('  ')).toBeNull();
    expect(phoneAsE164('555-0199')).toBeUndefined();
    expect(phoneAsE164('060-555-0199')).toBeUndefined();
    expect(phoneAsE164('860-555-0199 ext 12')).toBeUndefined();
    expect(phoneAsE164('=HYPERLINK("x")')).toBeUndefined();
  });

  it('when nothing is edited, then nothing is sent; a retyped phone or races in another order are no change', () => {
    const values = formValuesOf(patient);
    expect(values.phone).toBe('(860) 555-0142');
    expect(changedFields(values, patient)).toEqual({});
    expect(changedFields({ ...values, phone: '860-555-0142', race: ['2028-9', '2106-3'], city: ' Hartford ' }, patient)).toEqual({});
  });

  it('when fields are edited, then only they are sent, emptied ones as null, and the address counts as one field', () => {
    const changes = changedFields({ ...formValuesOf(patient), address_line2: '', state: 'ma', given_name: 'Joanne', race: [] }, patient);
    expect(changes).toEqual({ address_line2: null, state: 'MA', given_name: 'Joanne', race: null });
    expect(demographicFieldsOf(changes).sort()).toEqual(['address', 'given_name', 'race']);
    expect(legalFieldsOf(changes)).toEqual(['given_name']);
  });

  it('when UNK or ASKU is ticked it stands alone, and ticking a race clears it', () => {
    expect(exclusiveRaces(['2106-3', '2028-9', 'ASKU'])).toEqual(['ASKU']);
    expect(exclusiveRaces(['UNK', '2106-3'])).toEqual(['2106-3']);
    expect(exclusiveRaces(['2106-3', '2028-9'])).toEqual(['2106-3', '2028-9']);
    expect(exclusiveRaces([])).toEqual([]);
  });

  it('when a save was stale, then typed fields keep what was typed and the others take the values now on record', () => {
    const typed = { ...formValuesOf(patient), city: 'New Britain', email: 'joan@example.org' };
    const current = { ...patient, city: 'West Hartford', preferred_language: 'es', phone: '+18605550100', version: 6 };

    const merged = mergeAfterConflict(typed, patient, current);

    expect(merged).toMatchObject({ city: 'New Britain', email: 'joan@example.org', preferred_language: 'es', phone: '(860) 555-0100' });
    expect(changedFields(merged, current)).toEqual({ city: 'New Britain', email: 'joan@example.org' });
  });
});
