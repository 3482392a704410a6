import { useLocation } from 'react-router-dom';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Link, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import type { PatientRecord } from '@portaldesk/admin-api/contract';

/**
 * The record's parts as tabs (the roles that may read the demographic history have two); a tab is a
 * link (`…/show`, `…/show/history`), so a tab can be bookmarked and Back returns to the last one.
 */
export const PatientTabs = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { pathname } = useLocation();
  if (!record) return null;
  const base = createPath({ resource: 'patients', id: record.id, type: 'show' });
  return (
    <Tabs value={pathname.endsWith('/history') ? 'history' : 'record'} aria-label={translate('portal.demographics.tabs_label')} sx={{ mb: 2 }}>
      <Tab value="record" label={translate('portal.demographics.tab_record')} component={Link} to={base} />
      <Tab value="history" label={translate('portal.demographics.tab_history')} component={Link} to={`${base}/history`} />
    </Tabs>
  );
};
