import { lazyPage } from '../../lazyPage.ts';
import SettingsIcon from '@mui/icons-material/Settings';

/** Settings: the organization, session and sign-in limits, password rules (admins). */
export default {
  list: lazyPage(() => import('./SettingList.tsx').then((module) => module.SettingList)),
  edit: lazyPage(() => import('./SettingEdit.tsx').then((module) => module.SettingEdit)),
  icon: SettingsIcon,
  recordRepresentation: 'description',
};
