import { lazyPage } from '../../lazyPage.ts';
import KeyIcon from '@mui/icons-material/Key';

/** Integration tokens the patient portal calls PortalDesk with (admins). */
export default {
  list: lazyPage(() => import('./PortalTokenList.tsx').then((module) => module.PortalTokenList)),
  icon: KeyIcon,
  recordRepresentation: 'name',
};
