import { DataTable, List, NullableBooleanInput, SearchInput, SelectInput, useTranslate, type RaRecord, type TranslateFunction } from 'react-admin';
import { DateTimeField } from '../../components/dates.tsx';
import { RoleChips } from '../../components/RoleChips.tsx';
import { ROLES } from '../../roles.ts';
import { ActiveChip, PasswordState } from './StaffUserStatus.tsx';

const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `portal.roles.${role}.name` }));

const filters = (translate: TranslateFunction) => [
  <SearchInput key="q" source="q" alwaysOn placeholder={translate('portal.staff_users.search_placeholder')} />,
  <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn emptyText="portal.staff_users.any_role" />,
  <NullableBooleanInput
    key="active"
    source="active"
    alwaysOn
    trueLabel="portal.staff_users.status.active"
    falseLabel="portal.staff_users.status.deactivated"
    nullLabel="portal.staff_users.any_status"
  />,
];

const dimDeactivated = (record: RaRecord) => (record.active ? {} : { opacity: 0.65 });

/** Staff users with their roles and status (admins). */
export const StaffUserList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters(translate)} exporter={false} sort={{ field: 'username', order: 'ASC' }} perPage={25}>
      <DataTable rowClick="show" bulkActionButtons={false} rowSx={dimDeactivated}>
        <DataTable.Col source="username" />
        <DataTable.Col source="display_name" />
        <DataTable.Col source="roles" disableSort>
          <RoleChips />
        </DataTable.Col>
        <DataTable.Col source="active" disableSort>
          <ActiveChip />
        </DataTable.Col>
        <DataTable.Col source="password_set" disableSort>
          <PasswordState />
        </DataTable.Col>
        <DataTable.Col source="last_sign_in_at" sortByOrder="DESC">
          <DateTimeField source="last_sign_in_at" emptyText="portal.staff_users.never_signed_in" />
        </DataTable.Col>
        <DataTable.Col source="created_at" field={DateTimeField} sortByOrder="DESC" />
      </DataTable>
    </List>
  );
};
