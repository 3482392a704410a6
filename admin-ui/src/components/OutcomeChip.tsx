import Chip from '@mui/material/Chip';
import { useRecordContext, useTranslate, type RaRecord } from 'react-admin';

const COLORS = { success: 'success', denied: 'error', failed: 'warning' } as const;

/** An audit outcome; denied and failed attempts stand out. */
export const OutcomeChip = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const outcome: string | undefined = record?.outcome;
  if (!outcome) return null;
  return (
    <Chip
      size="small"
      color={COLORS[outcome as keyof typeof COLORS] ?? 'default'}
      variant={outcome === 'success' ? 'outlined' : 'filled'}
      label={translate(`portal.audit.outcomes.${outcome}`, { _: outcome })}
    />
  );
};

/** Row highlight for audit rows whose attempt did not succeed: a red edge and a faint red tint. */
export const unsuccessfulRowSx = (record: RaRecord) =>
  record.outcome && record.outcome !== 'success'
    ? { backgroundColor: '#fdf1f0', '& > td:first-of-type': { borderLeft: '4px solid', borderLeftColor: 'error.main' } }
    : {};
