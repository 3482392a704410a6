import { lazyPage } from '../../lazyPage.ts';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';

/** Staff users: accounts, roles, deactivation and one-time password links (admins). */
export default {
  list: lazyPage(() => import('./StaffUserList.tsx').then((module) => module.StaffUserList)),
  show: lazyPage(() => import('./StaffUserShow.tsx').then((module) => module.StaffUserShow)),
  edit: lazyPage(() => import('./StaffUserEdit.tsx').then((module) => module.StaffUserEdit)),
  create: lazyPage(() => import('./StaffUserCreate.tsx').then((module) => module.StaffUserCreate)),
  icon: ManageAccountsIcon,
  recordRepresentation: 'display_name',
};
