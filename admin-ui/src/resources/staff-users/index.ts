import { lazy } from 'react';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';

/** Staff users: accounts, roles, deactivation and one-time password links (admins). */
export default {
  list: lazy(() => import('./StaffUserList.tsx').then((module) => ({ default: module.StaffUserList }))),
  show: lazy(() => import('./StaffUserShow.tsx').then((module) => ({ default: module.StaffUserShow }))),
  edit: lazy(() => import('./StaffUserEdit.tsx').then((module) => ({ default: module.StaffUserEdit }))),
  create: lazy(() => import('./StaffUserCreate.tsx').then((module) => ({ default: module.StaffUserCreate }))),
  icon: ManageAccountsIcon,
  recordRepresentation: 'display_name',
};
