import { lazyPage } from '../../lazyPage.ts';
import PlaceIcon from '@mui/icons-material/Place';

/** Where activation codes are handed over (admins): the issue forms offer the active ones. */
export default {
  list: lazyPage(() => import('./DeskLocationList.tsx').then((module) => module.DeskLocationList)),
  create: lazyPage(() => import('./DeskLocationCreate.tsx').then((module) => module.DeskLocationCreate)),
  edit: lazyPage(() => import('./DeskLocationEdit.tsx').then((module) => module.DeskLocationEdit)),
  icon: PlaceIcon,
  recordRepresentation: 'name',
};
