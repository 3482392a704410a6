import { CreateButton, DataTable, List, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import type { ProxyAgeTier } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { hiddenInWords, tierName } from './ageTierWords.ts';

const Actions = () => (
  <TopToolbar>
    <CreateButton />
  </TopToolbar>
);

const AppliesTo = () => {
  const record = useRecordContext<ProxyAgeTier>();
  const translate = useTranslate();
  return record ? <>{tierName(translate, record)}</> : null;
};

const Hidden = () => {
  const record = useRecordContext<ProxyAgeTier>();
  const translate = useTranslate();
  return record ? <>{hiddenInWords(translate, record.hidden_categories)}</> : null;
};

const ChangedBy = () => {
  const record = useRecordContext<ProxyAgeTier>();
  const translate = useTranslate();
  return record ? <>{record.updated_by_name ?? translate('portal.age_tiers.by_system')}</> : null;
};

/**
 * The age rules of proxy access to minors: the default first, then each state with rules of its
 * own. Administrators keep them; they hold no patient.
 */
export const ProxyAgeTierList = () => (
  <List actions={<Actions />} exporter={false} pagination={false} perPage={100}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="id" disableSort>
        <AppliesTo />
      </DataTable.Col>
      <DataTable.NumberCol source="teen_from_age" disableSort />
      <DataTable.NumberCol source="adult_at_age" disableSort />
      <DataTable.Col source="hidden_categories" disableSort>
        <Hidden />
      </DataTable.Col>
      <DataTable.Col source="updated_at" field={DateTimeField} disableSort />
      <DataTable.Col source="updated_by_name" disableSort>
        <ChangedBy />
      </DataTable.Col>
    </DataTable>
  </List>
);
