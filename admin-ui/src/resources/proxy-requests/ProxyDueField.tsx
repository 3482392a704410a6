import Chip from '@mui/material/Chip';
import { useRecordContext, useTranslate } from 'react-admin';
import type { ProxyRequest } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { isOpen } from './proxyWords.ts';

/**
 * When a request is due, in the organization's zone; an overdue one says so in words, not colour
 * alone. While ROI waits on the requester the clock is paused, so there is no due time to show;
 * once decided, the outcome stands in its place.
 */
export const ProxyDueField = () => {
  const record = useRecordContext<Pick<ProxyRequest, 'due_at' | 'overdue' | 'status'>>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  if (!isOpen(record.status)) return <>{translate(`portal.proxy.status.${record.status}`)}</>;
  if (!record.due_at) return <>{translate('portal.proxy.waiting')}</>;
  return (
    <>
      {formatDateTime(record.due_at, timeZone)}
      {record.overdue ? <Chip size="small" color="error" label={translate('portal.proxy.overdue')} sx={{ ml: 1 }} /> : null}
    </>
  );
};
