import { useMemo, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import {
  CheckboxGroupInput,
  email,
  regex,
  required,
  SelectInput,
  TextInput,
  useDataProvider,
  useRecordContext,
  useTranslate,
  type Validator,
} from 'react-admin';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { languageName, US_STATES, VALUE_SETS, type CodedField } from '@portaldesk/admin-api/contract';
import { TypedDateInput } from '../../components/TypedDateField.tsx';
import { ADDRESS_PARTS, exclusiveRaces, phoneAsE164, type PatientFormValues } from './patientForm.ts';

const SEX_CHOICES = (['female', 'male', 'other', 'unknown'] as const).map((sex) => ({ id: sex, name: `portal.patients.sex.${sex}` }));
const STATE_CHOICES = US_STATES.map((state) => ({ id: state.code, name: `${state.name} (${state.code})` }));
const conceptChoices = (field: CodedField) => VALUE_SETS[field].map((concept) => ({ id: concept.code, name: concept.display }));

/**
 * The languages offered, by name: those the hospital supports (an administrator's setting), with
 * the record's own language even when the list no longer has it, so the form shows what is there.
 */
function useLanguageChoices(current: string | null | undefined) {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const { data: supported = [] } = useQuery({
    queryKey: ['supported-languages'],
    queryFn: () => dataProvider.supportedLanguages().then((answer) => answer.data),
    staleTime: 5 * 60_000,
  });
  const choices = current && !supported.some((language) => language.id === current) ? [...supported, { id: current, name: languageName(current) }] : supported;
  return [...choices].sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

// The API's rules, checked before sending so the mistake shows beside the field; the server keeps the last word.
const anyAddressPart = (values: Partial<PatientFormValues>) => ADDRESS_PARTS.some((part) => (values[part] ?? '').trim() !== '');
/**
 * Every part but line 2 once the address is being changed. An incomplete address the EHR sent
 * may stay as it is while other fields are corrected.
 */
const partOfAddressComparedWith =
  (record: Partial<PatientFormValues> | undefined): Validator =>
  (value, values) => {
    const typed = values as Partial<PatientFormValues>;
    const edited = ADDRESS_PARTS.some((part) => (typed[part] ?? '').trim() !== (record?.[part] ?? '').trim());
    return edited && anyAddressPart(typed) && !String(value ?? '').trim() ? 'portal.demographics.address_incomplete' : undefined;
  };
const usPhone: Validator = (value) => (phoneAsE164(value as string | null) === undefined ? 'portal.demographics.phone_invalid' : undefined);
const validateName = [required()];
const zipFormat = regex(/^\s*\d{5}(-\d{4})?\s*$/, 'portal.demographics.zip_invalid');
const validateEmail = [email()];

const Section = ({ title, help, children }: { title: string; help?: string; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mb: 2, minWidth: 0, width: '100%' }}>
      <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, p: 0 }}>
        {translate(title)}
      </Typography>
      {help ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(help)}
        </Typography>
      ) : null}
      <Box sx={{ display: 'grid', columnGap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', alignItems: 'start' }}>{children}</Box>
    </Box>
  );
};

const wide = { gridColumn: '1 / -1' };

/**
 * The one form body for a patient's fields: legal name, date of birth and sex; race (several, or
 * "Unknown" or "Chose not to answer" alone), ethnicity, preferred language, sexual orientation and
 * gender identity, chosen by name; a US postal address; email and phone. Values are the form's
 * (`PatientFormValues`): the phone as typed, sent in E.164.
 */
export const PatientInputs = () => {
  const record = useRecordContext<PatientFormValues & { version?: number }>();
  const languages = useLanguageChoices(record?.preferred_language);
  const partOfAddress = useMemo(() => partOfAddressComparedWith(record), [record]);
  const validateZip = useMemo(() => [partOfAddress, zipFormat], [partOfAddress]);
  return (
    <>
      <Section title="portal.demographics.legal" help="portal.demographics.legal_help">
        <TextInput source="family_name" label="portal.demographics.family_name" validate={validateName} autoComplete="off" helperText={false} />
        <TextInput source="given_name" label="portal.demographics.given_name" validate={validateName} autoComplete="off" helperText={false} />
        {/* Keyed by version: after a refused save the field shows the date now on record unless one was typed. */}
        <TypedDateInput key={record?.version} source="date_of_birth" label="resources.patients.fields.date_of_birth" past validate={required()} />
        <SelectInput source="sex" choices={SEX_CHOICES} validate={required()} helperText={false} />
      </Section>
      <Section title="portal.demographics.section">
        <Box sx={wide}>
          <CheckboxGroupInput
            source="race"
            choices={conceptChoices('race')}
            translateChoice={false}
            parse={exclusiveRaces}
            helperText="portal.demographics.race_help"
          />
        </Box>
        <SelectInput
          source="ethnicity"
          choices={conceptChoices('ethnicity')}
          translateChoice={false}
          emptyText="portal.demographics.not_recorded"
          helperText={false}
        />
        <SelectInput
          source="preferred_language"
          choices={languages}
          translateChoice={false}
          emptyText="portal.demographics.not_recorded"
          helperText="portal.demographics.language_help"
        />
        <SelectInput
          source="sexual_orientation"
          choices={conceptChoices('sexual_orientation')}
          translateChoice={false}
          emptyText="portal.demographics.not_recorded"
          helperText="portal.demographics.optional_help"
        />
        <SelectInput
          source="gender_identity"
          choices={conceptChoices('gender_identity')}
          translateChoice={false}
          emptyText="portal.demographics.not_recorded"
          helperText="portal.demographics.optional_help"
        />
      </Section>
      <Section title="portal.demographics.contact">
        <TextInput source="address_line1" validate={partOfAddress} autoComplete="off" helperText={false} sx={wide} />
        <TextInput source="address_line2" autoComplete="off" helperText={false} sx={wide} />
        <TextInput source="city" label="portal.demographics.city" validate={partOfAddress} autoComplete="off" helperText={false} />
        <SelectInput
          source="state"
          choices={STATE_CHOICES}
          translateChoice={false}
          validate={partOfAddress}
          emptyText="portal.demographics.not_recorded"
          helperText={false}
        />
        <TextInput source="postal_code" validate={validateZip} autoComplete="off" helperText={false} />
        <TextInput source="phone" type="tel" validate={usPhone} autoComplete="off" helperText="portal.demographics.phone_help" />
        <TextInput source="email" type="email" validate={validateEmail} autoComplete="off" helperText={false} />
      </Section>
    </>
  );
};
