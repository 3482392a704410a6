import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { CheckboxGroupInput, regex, required, TextInput, useGetIdentity, useRecordContext, useTranslate } from 'react-admin';
import { ROLES } from '../../roles.ts';

const ROLE_CHOICES = ROLES.map((role) => ({ id: role }));

const RoleOption = () => {
  const choice = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  if (!choice) return null;
  return (
    <Box component="span" sx={{ display: 'block', py: 0.5 }}>
      <Typography component="span" variant="body2" sx={{ display: 'block', fontWeight: 600 }}>
        {translate(`portal.roles.${choice.id}.name`)}
      </Typography>
      <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {translate(`portal.roles.${choice.id}.description`)}
      </Typography>
    </Box>
  );
};

// Mirrors the API's rule (admin-api staff-users.schema.ts) so the mistake shows before saving.
const validateUsername = [required(), regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,62}$/, 'portal.staff_users.username_rule')];
const validateDisplayName = [required()];
/** Mirrors the API's rule: an administrator never reads patient data, so holds no other role. */
const adminAlone = (roles: string[] | undefined) => (roles?.includes('admin') && roles.length > 1 ? 'portal.staff_users.admin_alone' : undefined);
const validateRoles = [required('portal.staff_users.pick_role'), adminAlone];

/**
 * The staff user form, shared by Create and Edit; a username is chosen once and never changes,
 * and nobody can change their own roles (the API refuses it too).
 */
export const StaffUserInputs = ({ editing = false }: { editing?: boolean }) => {
  const record = useRecordContext<{ id: number }>();
  const { identity } = useGetIdentity();
  const ownAccount = editing && record !== undefined && identity !== undefined && String(record.id) === String(identity.id);
  return (
    <>
      <TextInput
        source="username"
        readOnly={editing}
        validate={editing ? undefined : validateUsername}
        helperText={editing ? 'portal.staff_users.username_fixed' : 'portal.staff_users.username_help'}
        autoComplete="off"
      />
      <TextInput source="display_name" validate={validateDisplayName} helperText="portal.staff_users.display_name_help" />
      <CheckboxGroupInput
        source="roles"
        choices={ROLE_CHOICES}
        optionText={<RoleOption />}
        row={false}
        validate={validateRoles}
        readOnly={ownAccount}
        helperText={ownAccount ? 'portal.staff_users.own_roles' : 'portal.staff_users.roles_help'}
      />
    </>
  );
};
