import { lazyPage } from '../../lazyPage.ts';
import GppMaybeIcon from '@mui/icons-material/GppMaybe';

/** Failed self-sign-up identity checks reported by the portal, worked by support. */
export default {
  list: lazyPage(() => import('./IdentityCheckList.tsx').then((module) => module.IdentityCheckList)),
  edit: lazyPage(() => import('./IdentityCheckEdit.tsx').then((module) => module.IdentityCheckEdit)),
  icon: GppMaybeIcon,
  recordRepresentation: (record: { given_name: string; family_name: string }) => `${record.family_name}, ${record.given_name}`,
};
