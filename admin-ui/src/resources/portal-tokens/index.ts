import { lazy } from 'react';
import KeyIcon from '@mui/icons-material/Key';

/** Integration tokens the patient portal calls PortalDesk with (admins). */
export default {
  list: lazy(() => import('./PortalTokenList.tsx').then((module) => ({ default: module.PortalTokenList }))),
  icon: KeyIcon,
  recordRepresentation: 'name',
};
