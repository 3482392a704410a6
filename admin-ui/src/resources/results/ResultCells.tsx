import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { LabResult } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { isAbnormal, isCritical, type AbnormalFlag } from './labResult.ts';
import { CorrectedMark } from './ResultCorrections.tsx';

/** A value and its unit as the lab wrote them: "6.8 %". */
export const valueWithUnit = (result: Pick<LabResult, 'value' | 'unit'>) => [result.value, result.unit].filter(Boolean).join(' ');

/**
 * The lab's abnormal flag in words; the critical ones filled in red so they stand out in a long
 * table. A normal value, or one the lab did not flag, shows nothing.
 */
export const AbnormalFlagChip = ({ flag }: { flag: AbnormalFlag | null }) => {
  const translate = useTranslate();
  if (!isAbnormal(flag)) return null;
  const critical = isCritical(flag);
  return (
    <Chip
      size="small"
      color={critical ? 'error' : 'warning'}
      variant={critical ? 'filled' : 'outlined'}
      label={translate(`portal.results.flags.${flag}`)}
      sx={critical ? { fontWeight: 700 } : undefined}
    />
  );
};

/**
 * Said in place of a value the role may not read (ROI and support see whether a result reached
 * the portal, not what it says), so the cell never looks like a missing value.
 */
export const Withheld = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
      {translate('portal.results.withheld')}
    </Typography>
  );
};

/** The test's name, with its LOINC code small under it. */
export const TestName = ({ result }: { result: LabResult }) => {
  const translate = useTranslate();
  return (
    <>
      <Box>{result.test_name}</Box>
      {/* Empty for a sensitive test shown to a role without its values. */}
      {result.loinc_code && (
        <Typography variant="caption" color="text.secondary">
          {translate('portal.results.loinc', { code: result.loinc_code })}
        </Typography>
      )}
    </>
  );
};

/** The value with its unit, marked when the lab corrected it since it first arrived. */
export const ResultValue = ({ result }: { result: LabResult }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      {result.values_withheld ? <Withheld /> : <Box>{result.value === null ? translate('portal.results.no_value') : valueWithUnit(result)}</Box>}
      {result.corrections > 0 && result.corrected_at ? (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <CorrectedMark result={result} />
          <Typography variant="caption" color="text.secondary">
            {translate('portal.results.corrected_when', { smart_count: result.corrections, when: formatDateTime(result.corrected_at, timeZone) })}
          </Typography>
        </Stack>
      ) : null}
    </Stack>
  );
};

/** The category's name, marked when it is one of the sensitive categories some proxies do not see. */
export const ResultCategory = ({ result }: { result: LabResult }) => {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <Box>{result.category_name}</Box>
      {result.sensitive ? (
        <Chip size="small" variant="outlined" label={translate('portal.results.sensitive')} title={translate('portal.results.sensitive_help')} />
      ) : null}
    </Stack>
  );
};

/**
 * Whether the patient sees the result in the portal: since when, or the hold keeping it out,
 * on which basis, until when and decided by whom.
 */
export const PortalStatus = ({ result }: { result: LabResult }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const { hold } = result;
  if (result.status === 'released' || !hold) {
    return <>{result.released_at ? translate('portal.results.released', { when: formatDateTime(result.released_at, timeZone) }) : null}</>;
  }
  // Roles that see only whether a result reached the portal get no basis: a hold to prevent harm says too much.
  const basis = hold.basis ? translate(`portal.results.basis.${hold.basis}`) : null;
  const date = hold.ends_at ? new Date(hold.ends_at).toLocaleDateString('en-US', { timeZone, dateStyle: 'medium' }) : null;
  const held = basis
    ? hold.until_patient_asks
      ? translate('portal.results.held_until_asks', { basis })
      : date
        ? translate('portal.results.held_until', { basis, date })
        : translate('portal.results.held', { basis })
    : date
      ? translate('portal.results.held_plain_until', { date })
      : translate('portal.results.held_plain');
  return (
    <>
      <Box sx={{ color: 'warning.main', fontWeight: 500 }}>{held}</Box>
      {hold.decided_by_name && (
        <Typography variant="caption" color="text.secondary">
          {translate('portal.results.decided_by', { name: hold.decided_by_name })}
        </Typography>
      )}
    </>
  );
};
