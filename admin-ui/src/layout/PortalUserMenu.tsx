import type { Ref } from 'react';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import PasswordIcon from '@mui/icons-material/Password';
import { LinkBase, Logout, UserMenu, useGetIdentity, useTranslate, useUserMenu } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider.ts';

/** Who is signed in, and in which roles: the first line of the menu, not a command. */
const SignedInAs = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const staff = identity as PortalIdentity | undefined;
  if (!staff) return null;
  return (
    <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 1 } }}>
      <ListItemText
        primary={`${staff.fullName} (${staff.username})`}
        secondary={staff.roles.map((role) => translate(`portal.roles.${role}.name`, { _: role })).join(', ')}
      />
    </MenuItem>
  );
};

// MUI's Menu hands a ref to its items for keyboard focus.
const ChangePasswordMenuItem = ({ ref }: { ref?: Ref<HTMLAnchorElement> }) => {
  const userMenu = useUserMenu();
  const translate = useTranslate();
  return (
    <MenuItem component={LinkBase} to="/change-password" onClick={userMenu?.onClose} ref={ref}>
      <ListItemIcon>
        <PasswordIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('portal.password.change_title')}</ListItemText>
    </MenuItem>
  );
};

/** The user menu: who is signed in, "Change password", "Sign out". */
export const PortalUserMenu = () => (
  <UserMenu>
    <SignedInAs />
    <ChangePasswordMenuItem />
    <Logout />
  </UserMenu>
);
