import Alert from '@mui/material/Alert';
import { EditButton, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext, useTranslate, Labeled } from 'react-admin';
import { DateTimeField } from '../../components/dates.tsx';
import { RoleChips } from '../../components/RoleChips.tsx';
import { DeactivateButton, ReactivateButton, ResetPasswordButton } from './StaffUserActions.tsx';
import { ActiveChip, PasswordState } from './StaffUserStatus.tsx';

const StaffUserTitle = () => {
  const record = useRecordContext();
  return <>{record ? `${record.display_name} (${record.username})` : ''}</>;
};

/** Every button checks its own permission; deactivate and reactivate also check the state. */
const StaffUserShowActions = () => (
  <TopToolbar>
    <EditButton />
    <ResetPasswordButton />
    <DeactivateButton />
    <ReactivateButton />
  </TopToolbar>
);

const DeactivationNotice = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record || record.active) return null;
  return (
    <Alert severity="warning">
      {translate('portal.staff_users.deactivated_notice', {
        by: record.deactivated_by_username ?? translate('portal.staff_users.unknown_admin'),
        reason: record.deactivation_reason ?? '',
      })}
    </Alert>
  );
};

/** One staff user: roles, status, password state and sign-in history. */
export const StaffUserShow = () => (
  <Show title={<StaffUserTitle />} actions={<StaffUserShowActions />}>
    <SimpleShowLayout>
      <DeactivationNotice />
      <TextField source="username" />
      <TextField source="display_name" />
      <Labeled source="roles">
        <RoleChips />
      </Labeled>
      <Labeled source="active">
        <ActiveChip />
      </Labeled>
      <DateTimeField source="deactivated_at" emptyText="—" />
      <Labeled source="password_set">
        <PasswordState />
      </Labeled>
      <DateTimeField source="last_sign_in_at" emptyText="portal.staff_users.never_signed_in" />
      <DateTimeField source="created_at" />
      <DateTimeField source="updated_at" />
    </SimpleShowLayout>
  </Show>
);
