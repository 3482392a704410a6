import { lazyPage } from '../../lazyPage.ts';
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';

/** Roles granted and removed, and refused attempts (compliance). */
export default {
  list: lazyPage(() => import('./RoleChangeList.tsx').then((module) => module.RoleChangeList)),
  icon: ManageAccountsIcon,
};
