import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import RemoveCircleOutlineIcon from '@mui/icons-material/RemoveCircleOutlineOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Link, useCreatePath, useTranslate } from 'react-admin';
import type { IdentityCheckCaseDetail } from '@portaldesk/admin-api/contract';
import { dateInWords } from '../../components/typed-date.ts';

/** How a reported value stands against the chart's. */
export type Comparison = 'same' | 'spelt_differently' | 'differs' | 'not_reported' | 'not_on_chart';

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
export function compareField(field: Field, reported: string | null, chart: string | null): Comparison {
  if (!reported) return 'not_reported';
  if (!chart) return 'not_on_chart';
  const { key, spelling } = SAME_WHEN[field];
  if (key(reported) === key(chart)) return 'same';
  return spelling && spelling(reported) === spelling(chart) ? 'spelt_differently' : 'differs';
}

const FIELDS: Field[] = ['family_name', 'given_name', 'date_of_birth', 'email', 'phone'];

const SHOWN: Record<Comparison, { icon: typeof CheckCircleOutlineIcon; color: 'success' | 'warning' | 'error' | 'disabled' }> = {
  same: { icon: CheckCircleOutlineIcon, color: 'success' },
  spelt_differently: { icon: WarningAmberIcon, color: 'warning' },
  differs: { icon: WarningAmberIcon, color: 'error' },
  not_reported: { icon: RemoveCircleOutlineIcon, color: 'disabled' },
  not_on_chart: { icon: RemoveCircleOutlineIcon, color: 'disabled' },
};

/** A comparison in words with its icon: never colour alone. */
const ComparisonCell = ({ comparison }: { comparison: Comparison }) => {
  const translate = useTranslate();
  const { icon: Icon, color } = SHOWN[comparison];
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, fontWeight: comparison === 'differs' ? 700 : undefined }}>
      <Icon fontSize="small" color={color} aria-hidden />
      {translate(`portal.identity.comparison.${comparison}`)}
    </Box>
  );
};

const shown = (field: Field, value: string | null) => (value ? (field === 'date_of_birth' ? dateInWords(value) : value) : '—');

/**
 * The identity the person reported in the portal beside the matched patient's chart, field by
 * field, each difference marked in words and with an icon. Without a single matching patient,
 * the report alone, and what to do.
 */
export const IdentityComparison = ({ record }: { record: IdentityCheckCaseDetail }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { chart } = record;
  const label = (field: Field) => translate(`resources.identity-check-failures.fields.${field}`);
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
      <Table size="small" sx={{ maxWidth: 960 }}>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {translate('portal.identity.field')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('portal.identity.reported')}
            </TableCell>
            {chart ? (
              <>
                <TableCell component="th" scope="col">
                  {translate('portal.identity.on_chart', { mrn: chart.mrn })}
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.identity.comparison_column')}
                </TableCell>
              </>
            ) : null}
          </TableRow>
        </TableHead>
        <TableBody>
          {FIELDS.map((field) => {
            const comparison = chart ? compareField(field, record[field], chart[field]) : null;
            return (
              <TableRow key={field} sx={comparison === 'differs' ? { bgcolor: 'warning.50' } : undefined}>
                <TableCell component="th" scope="row">
                  {label(field)}
                </TableCell>
                <TableCell>{shown(field, record[field])}</TableCell>
                {chart && comparison ? (
                  <>
                    <TableCell>{shown(field, chart[field])}</TableCell>
                    <TableCell>
                      <ComparisonCell comparison={comparison} />
                    </TableCell>
                  </>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
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
