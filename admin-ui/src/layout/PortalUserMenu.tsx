import { useCallback, useMemo, useState, type Ref } from 'react';
import Button from '@mui/material/Button';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import PasswordIcon from '@mui/icons-material/Password';
import { LinkBase, Logout, UserMenuContextProvider, useGetIdentity, useTranslate, useUserMenu } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider.ts';

/** Who is signed in, and in which roles: the first line of the menu, not a command. */
const SignedInAs = ({ staff }: { staff: PortalIdentity }) => {
  const translate = useTranslate();
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

const MENU_ID = 'user-menu';

/**
 * The user menu: who is signed in, "Change password", "Sign out". The button is named by the
 * person it shows (react-admin's calls it "Profile" whatever it shows), and the menu opens inside
 * the app bar rather than at the end of the page, so it stays within the banner landmark.
 */
export const PortalUserMenu = () => {
  const { identity } = useGetIdentity();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = useCallback(() => setAnchor(null), []);
  const context = useMemo(() => ({ onClose: close }), [close]);
  const staff = identity as PortalIdentity | undefined;
  if (!staff) return null;
  const open = anchor !== null;
  return (
    <>
      <Button
        color="inherit"
        startIcon={<AccountCircleIcon />}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? MENU_ID : undefined}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ textTransform: 'none', ml: 0.5, flexShrink: 0 }}
      >
        {staff.fullName}
      </Button>
      <UserMenuContextProvider value={context}>
        <Menu
          id={MENU_ID}
          anchorEl={anchor}
          open={open}
          onClose={close}
          disablePortal
          disableScrollLock
          anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
          transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        >
          <SignedInAs staff={staff} />
          <ChangePasswordMenuItem />
          <Logout />
        </Menu>
      </UserMenuContextProvider>
    </>
  );
};
