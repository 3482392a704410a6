import CategoryIcon from '@mui/icons-material/Category';
import { CanAccess, CreateButton, DataTable, List, TextField, TopToolbar, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import type { ResultCategory } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { addMessages } from '../../i18n.ts';
import { resultCategoryMessages } from './messages.ts';

addMessages(resultCategoryMessages);

const Actions = () => (
  <TopToolbar>
    <CanAccess action="create" resource="result-categories">
      <CreateButton />
    </CanAccess>
  </TopToolbar>
);

/** The sensitive category in words, or nothing when proxies see these results like any other. */
const HiddenAs = () => {
  const record = useRecordContext<ResultCategory>();
  const translate = useTranslate();
  if (!record?.proxy_category) return null;
  return <>{translate(`portal.proxies.category.${record.proxy_category}`, { _: record.proxy_category })}</>;
};

/** "Held 3 days: <citation>", or "None: released at once". */
const Rule = () => {
  const record = useRecordContext<ResultCategory>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.hold_days === null || record.hold_citation === null) return <>{translate('portal.result_categories.rule_none')}</>;
  return <>{translate('portal.result_categories.rule_days', { smart_count: record.hold_days, citation: record.hold_citation })}</>;
};

/** Who last changed it; nobody for a category as installed. */
const ChangedBy = () => {
  const record = useRecordContext<ResultCategory>();
  const translate = useTranslate();
  return record ? <>{record.updated_by_name ?? translate('portal.result_categories.by_system')}</> : null;
};

/**
 * The categories the lab feed files results under: which are sensitive (hidden from proxies as
 * such) and which carry a state-law standing rule. Administrators change them; clinicians read them.
 */
export const ResultCategoryList = () => {
  const translate = useTranslate();
  const { canAccess: mayEdit } = useCanAccess({ action: 'edit', resource: 'result-categories' });
  return (
    <List actions={<Actions />} exporter={false} sort={{ field: 'name', order: 'ASC' }} perPage={100}>
      <DataTable
        rowClick={mayEdit ? 'edit' : false}
        bulkActionButtons={false}
        empty={
          <EmptyState icon={<CategoryIcon />} title={translate('portal.result_categories.empty')}>
            {translate('portal.result_categories.empty_help')}
          </EmptyState>
        }
      >
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="code" disableSort>
          <TextField source="code" sx={{ fontFamily: 'monospace' }} />
        </DataTable.Col>
        <DataTable.Col source="proxy_category" disableSort>
          <HiddenAs />
        </DataTable.Col>
        <DataTable.Col source="hold_citation" label="resources.result-categories.fields.rule" disableSort>
          <Rule />
        </DataTable.Col>
        <DataTable.Col source="updated_at" field={DateTimeField} disableSort />
        <DataTable.Col source="updated_by_name" disableSort>
          <ChangedBy />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
