import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Link, useCanAccess, useCreatePath, useTranslate } from 'react-admin';
import type { ProxyRequestCase } from '@portaldesk/admin-api/contract';
import { Detail } from '../../components/Details.tsx';
import { FieldComparison, type Comparison } from '../../components/FieldComparison.tsx';
import { formatDateOnly, formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { compareField } from '../identity-check-failures/IdentityComparison.tsx';

type Field = 'family_name' | 'given_name' | 'date_of_birth' | 'mrn';
const FIELDS: Field[] = ['family_name', 'given_name', 'date_of_birth', 'mrn'];

/** An MRN as the API matches it: without an "MRN" prefix or spaces. */
const mrnKey = (mrn: string) => mrn.replace(/^MRN\s*/i, '').replace(/\s+/g, '');

/** Compares one field of the patient as named with the patient on file (names and birth date as identity checks do). */
function compare(field: Field, named: string | null, onFile: string | null): Comparison {
  if (field !== 'mrn') return compareField(field, named, onFile);
  if (!named) return 'not_given';
  if (!onFile) return 'not_on_file';
  return mrnKey(named) === mrnKey(onFile) ? 'same' : 'differs';
}

const SectionTitle = ({ id, children }: { id: string; children: string }) => (
  <Typography id={id} variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
    {children}
  </Typography>
);

/** The requester as their own patient record and portal account show them. */
const Requester = ({ record }: { record: ProxyRequestCase }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const { requester } = record;
  return (
    <Card component="section" aria-labelledby="proxy-requester-title">
      <CardContent>
        <SectionTitle id="proxy-requester-title">{translate('portal.proxy.requester_title')}</SectionTitle>
        <Box component="dl" sx={{ m: 0, display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))' }}>
          <Detail label="resources.patients.fields.name">{`${requester.family_name}, ${requester.given_name}`}</Detail>
          <Detail label="resources.patients.fields.date_of_birth">
            {formatDateOnly(requester.date_of_birth)} ({translate('portal.patients.age', { smart_count: requester.age })})
          </Detail>
          <Detail label="resources.patients.fields.mrn">{requester.mrn}</Detail>
          <Detail label="portal.proxy.requester_username">{record.requester_username}</Detail>
          <Detail label="portal.proxy.account_status">{translate(`portal.account.state_name.${requester.account_status}`)}</Detail>
          <Detail label="portal.proxy.account_since">{formatDateTime(requester.account_since, timeZone)}</Detail>
        </Box>
      </CardContent>
    </Card>
  );
};

/**
 * The patient as the requester named them beside the patient on file, field by field, each
 * difference marked in words and with an icon; without a single match, the names alone and why
 * the request cannot be approved as it stands.
 */
const Patient = ({ record }: { record: ProxyRequestCase }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess: canOpenPatient } = useCanAccess({ action: 'show', resource: 'patients' });
  const named = record.patient_as_named;
  const onFile = record.patient_on_file;
  return (
    <Card component="section" aria-labelledby="proxy-patient-title">
      <CardContent>
        <SectionTitle id="proxy-patient-title">{translate('portal.proxy.patient_title')}</SectionTitle>
        {onFile ? null : (
          <Alert severity="warning" sx={{ mb: 1 }}>
            {translate('portal.proxy.no_match')}
          </Alert>
        )}
        {onFile?.deceased ? (
          <Alert severity="error" sx={{ mb: 1 }}>
            {translate('portal.proxy.deceased')}
          </Alert>
        ) : null}
        <FieldComparison
          fields={FIELDS}
          given={named}
          onFile={onFile}
          compare={compare}
          headings={{
            field: translate('portal.proxy.field'),
            given: translate('portal.proxy.as_named'),
            onFile: onFile ? translate('portal.proxy.on_file', { mrn: onFile.mrn }) : '',
            comparison: translate('portal.proxy.comparison_column'),
          }}
          label={(field) => translate(`resources.patients.fields.${field}`)}
          words={(comparison) => translate(`portal.proxy.comparison.${comparison}`)}
        />
        {onFile ? (
          <Box sx={{ mt: 1, display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'baseline' }}>
            <Typography variant="body2">
              {translate('portal.proxy.patient_age')}: {translate('portal.patients.age', { smart_count: onFile.age })}
            </Typography>
            {canOpenPatient && record.patient_id ? (
              <Link to={createPath({ resource: 'patients', type: 'show', id: record.patient_id })}>
                {translate('portal.proxy.open_patient', { mrn: onFile.mrn })}
              </Link>
            ) : null}
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
};

/** The requester and the patient side by side (stacked on narrow screens). */
export const ProxyPeople = ({ record }: { record: ProxyRequestCase }) => (
  <Box
    sx={{
      display: 'grid',
      gap: 2,
      mb: 2,
      alignItems: 'start',
      gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 2fr) minmax(0, 3fr)' },
    }}
  >
    <Requester record={record} />
    <Patient record={record} />
  </Box>
);
