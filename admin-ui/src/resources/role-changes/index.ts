import { lazy } from 'react';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';

/** Roles granted and removed, and refused attempts (compliance). */
export default {
  list: lazy(() => import('./RoleChangeList.tsx').then((module) => ({ default: module.RoleChangeList }))),
  icon: ManageAccountsIcon,
};
