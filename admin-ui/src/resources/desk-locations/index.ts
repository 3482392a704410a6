import { lazy } from 'react';
import PlaceIcon from '@mui/icons-material/Place';

/** Where activation codes are handed over (admins): the issue forms offer the active ones. */
export default {
  list: lazy(() => import('./DeskLocationList.tsx').then((module) => ({ default: module.DeskLocationList }))),
  create: lazy(() => import('./DeskLocationCreate.tsx').then((module) => ({ default: module.DeskLocationCreate }))),
  edit: lazy(() => import('./DeskLocationEdit.tsx').then((module) => ({ default: module.DeskLocationEdit }))),
  icon: PlaceIcon,
  recordRepresentation: 'name',
};
