import { lazy } from 'react';
import SettingsIcon from '@mui/icons-material/Settings';

/** Settings: the organization, session and sign-in limits, password rules (admins). */
export default {
  list: lazy(() => import('./SettingList.tsx').then((module) => ({ default: module.SettingList }))),
  edit: lazy(() => import('./SettingEdit.tsx').then((module) => ({ default: module.SettingEdit }))),
  icon: SettingsIcon,
  recordRepresentation: 'description',
};
