import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import type { IdentityCheckCaseDetail } from '@portaldesk/admin-api/contract';
import { FieldComparison, type Comparison } from '../../components/FieldComparison.tsx';

/** A name as the search keys compare it: no accents, punctuation, apostrophes or spaces, any case. */
const nameKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();

/** A phone number's digits, without the US country code. */
const phoneDigits = (phone: string) => phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

type Field = 'family_name' | 'given_name' | 'date_of_birth' | 'email' | 'phone';

const SAME_WHEN: Record<Field, { key: (value: string) => string; spelling?: (value: string) => string }> = {
  family_name: { key: (value) => value.trim(), spelling: nameKey },
  given_name: { key: (value) => value.trim(), spelling: nameKey },
  date_of_birth: { key: (value) => value },
  email: { key: (value) => value.trim().toLowerCase() },
  phone: { key: phoneDigits },
};

/** Compares one field: the same, the same name spelt another way, different, or missing on one side. */
export function compareField(field: Field, given: string | null, onFile: string | null): Comparison {
  if (!given) return 'not_given';
  if (!onFile) return 'not_on_file';
  const { key, spelling } = SAME_WHEN[field];
  if (key(given) === key(onFile)) return 'same';
  return spelling && spelling(given) === spelling(onFile) ? 'spelt_differently' : 'differs';
}

const FIELDS: Field[] = ['family_name', 'given_name', 'date_of_birth', 'email', 'phone'];

/** The identity check's words for the two "missing" cases: the portal and the chart. */
const WORDS: Record<Comparison, string> = {
  same: 'portal.identity.comparison.same',
  spelt_differently: 'portal.identity.comparison.spelt_differently',
  differs: 'portal.identity.comparison.differs',
  not_given: 'portal.identity.comparison.not_reported',
  not_on_file: 'portal.identity.comparison.not_on_chart',
};

/**
 * The identity the person reported in the portal beside the matched patient's chart, field by
 * field, each difference marked in words and with an icon. Without a single matching patient,
 * the report alone, and what to do.
 */
export const IdentityComparison = ({ record }: { record: IdentityCheckCaseDetail }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { chart } = record;
  return (
    <Box component="section" aria-labelledby="identity-comparison-title" sx={{ mb: 2, width: '100%' }}>
      <Box component="h2" id="identity-comparison-title" sx={{ typography: 'subtitle1', fontWeight: 600, m: 0, mb: 1 }}>
        {translate(chart ? 'portal.identity.comparison_title' : 'portal.identity.reported_title')}
      </Box>
      {chart ? null : (
        <Alert severity="info" sx={{ mb: 1 }}>
          {translate('portal.identity.no_match')}
        </Alert>
      )}
      <FieldComparison
        fields={FIELDS}
        given={record}
        onFile={chart}
        compare={compareField}
        headings={{
          field: translate('portal.identity.field'),
          given: translate('portal.identity.reported'),
          onFile: chart ? translate('portal.identity.on_chart', { mrn: chart.mrn }) : '',
          comparison: translate('portal.identity.comparison_column'),
        }}
        label={(field) => translate(`resources.identity-check-failures.fields.${field}`)}
        words={(comparison) => translate(WORDS[comparison])}
        maxWidth={960}
      />
      {record.patient_id ? (
        <Box sx={{ mt: 1 }}>
          <Link to={createPath({ resource: 'patients', type: 'show', id: record.patient_id })}>
            {translate('portal.identity.open_patient', { mrn: record.patient_mrn })}
          </Link>
        </Box>
      ) : null}
    </Box>
  );
};
