import { lazy } from 'react';
import GppMaybeIcon from '@mui/icons-material/GppMaybe';

/** Failed self-sign-up identity checks reported by the portal, worked by support. */
export default {
  list: lazy(() => import('./IdentityCheckList.tsx').then((module) => ({ default: module.IdentityCheckList }))),
  edit: lazy(() => import('./IdentityCheckEdit.tsx').then((module) => ({ default: module.IdentityCheckEdit }))),
  icon: GppMaybeIcon,
  recordRepresentation: (record: { given_name: string; family_name: string }) => `${record.family_name}, ${record.given_name}`,
};
