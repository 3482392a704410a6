import { lazyPage } from '../../lazyPage.ts';
import EventBusyIcon from '@mui/icons-material/EventBusy';

/** The business calendar's holidays (admins): every due date skips them. */
export default {
  list: lazyPage(() => import('./HolidayList.tsx').then((module) => module.HolidayList)),
  create: lazyPage(() => import('./HolidayCreate.tsx').then((module) => module.HolidayCreate)),
  edit: lazyPage(() => import('./HolidayEdit.tsx').then((module) => module.HolidayEdit)),
  icon: EventBusyIcon,
  recordRepresentation: 'name',
};
