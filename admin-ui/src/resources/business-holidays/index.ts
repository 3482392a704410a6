import { lazy } from 'react';
import EventBusyIcon from '@mui/icons-material/EventBusy';

/** The business calendar's holidays (admins): every due date skips them. */
export default {
  list: lazy(() => import('./HolidayList.tsx').then((module) => ({ default: module.HolidayList }))),
  create: lazy(() => import('./HolidayCreate.tsx').then((module) => ({ default: module.HolidayCreate }))),
  edit: lazy(() => import('./HolidayEdit.tsx').then((module) => ({ default: module.HolidayEdit }))),
  icon: EventBusyIcon,
  recordRepresentation: 'name',
};
