import Chip from '@mui/material/Chip';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';

/** When a case is due; overdue ones stand out. */
export const DueField = () => {
  const record = useRecordContext<{ due_at: string; overdue: boolean; status: string }>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  if (record.status === 'resolved') return <>{translate('portal.identity.resolved')}</>;
  return (
    <>
      {formatDateTime(record.due_at, timeZone)}
      {record.overdue ? <Chip size="small" color="error" label={translate('portal.identity.overdue')} sx={{ ml: 1 }} /> : null}
    </>
  );
};
