import { useLocation } from 'react-router-dom';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { Link, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import type { PatientRecord } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { resultsMessages } from '../results/messages.ts';

addMessages(resultsMessages);

type TabName = 'record' | 'history' | 'results';

const tabOf = (pathname: string): TabName => (pathname.endsWith('/history') ? 'history' : pathname.endsWith('/results') ? 'results' : 'record');

/**
 * The record's parts as tabs, for the roles that may read more than the record: the demographic
 * history, the results, or both. A tab is a link (`…/show`, `…/show/history`, `…/show/results`),
 * so a tab can be bookmarked and Back returns to the last one.
 */
export const PatientTabs = ({ showHistory, showResults }: { showHistory: boolean; showResults: boolean }) => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { pathname } = useLocation();
  if (!record) return null;
  const base = createPath({ resource: 'patients', id: record.id, type: 'show' });
  return (
    <Tabs value={tabOf(pathname)} aria-label={translate('portal.demographics.tabs_label')} sx={{ mb: 2 }}>
      <Tab value="record" label={translate('portal.demographics.tab_record')} component={Link} to={base} />
      {showHistory ? <Tab value="history" label={translate('portal.demographics.tab_history')} component={Link} to={`${base}/history`} /> : null}
      {showResults ? <Tab value="results" label={translate('portal.results.tab')} component={Link} to={`${base}/results`} /> : null}
    </Tabs>
  );
};
