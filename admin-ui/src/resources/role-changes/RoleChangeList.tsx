import Chip from '@mui/material/Chip';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { CanAccess, DataTable, List, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { StaffMember } from '../../components/AccessDescription.tsx';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { unsuccessfulRowSx } from '../../components/OutcomeChip.tsx';
import { ExportCsvButton } from '../../components/ExportCsvButton.tsx';
import { TotalAtLeastNotice } from '../../components/TotalAtLeastNotice.tsx';
import { RoleChangeSearchForm, type ROLE_CHANGES } from './RoleChangeSearchForm.tsx';

const CHANGE_COLOR = { granted: 'primary', removed: 'default', refused: 'error' } as const;

const ChangeChip = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const change = record.change as (typeof ROLE_CHANGES)[number];
  return (
    <Chip
      size="small"
      color={CHANGE_COLOR[change]}
      variant={change === 'removed' ? 'outlined' : 'filled'}
      label={translate(`portal.role_changes.change.${change}`)}
    />
  );
};

/** The role granted or removed; a refused attempt says why, and which roles were asked for. */
const RoleCell = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const roleName = (role: string) => translate(`portal.roles.${role}.name`, { _: role });
  if (record.role) return <>{roleName(record.role)}</>;
  const asked: string[] = record.requested_roles ?? [];
  return (
    <>
      {translate(`portal.role_changes.reason.${record.reason}`, { _: record.reason ?? '' })}
      {asked.length ? <span style={{ opacity: 0.7 }}> · {translate('portal.role_changes.asked_for', { roles: asked.map(roleName).join(', ') })}</span> : null}
    </>
  );
};

const Actions = () => (
  <TopToolbar>
    <CanAccess action="export" resource="role-changes">
      <ExportCsvButton resource="role-changes" />
    </CanAccess>
  </TopToolbar>
);

/**
 * The privacy office's report of every role granted or removed, by whom, newest first, and the
 * attempts the API refused (staff changing their own roles) highlighted.
 */
export const RoleChangeList = () => {
  const translate = useTranslate();
  return (
    <List
      filters={<RoleChangeSearchForm />}
      actions={<Actions />}
      exporter={false}
      sort={{ field: 'occurred_at', order: 'DESC' }}
      perPage={25}
      // The table's own empty state, with the search form still there: react-admin's replaces the page.
      empty={false}
    >
      <TotalAtLeastNotice hint="portal.role_changes.refine" />
      <DataTable
        bulkActionButtons={false}
        rowClick={false}
        rowSx={unsuccessfulRowSx}
        empty={<EmptyState icon={<ManageAccountsIcon />} title={translate('portal.role_changes.empty')} />}
      >
        <DataTable.Col source="occurred_at" field={DateTimeField} sortByOrder="DESC" />
        <DataTable.Col source="change" disableSort>
          <ChangeChip />
        </DataTable.Col>
        <DataTable.Col source="role" disableSort>
          <RoleCell />
        </DataTable.Col>
        <DataTable.Col source="staff_username" disableSort>
          <StaffMember />
        </DataTable.Col>
        <DataTable.Col source="changed_by_username" disableSort>
          <TextField source="changed_by_username" />
        </DataTable.Col>
        <DataTable.Col source="client_address" disableSort>
          <TextField source="client_address" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
