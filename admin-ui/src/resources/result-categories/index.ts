import CategoryIcon from '@mui/icons-material/Category';
import { lazyPage } from '../../lazyPage.ts';

/** The categories lab results are filed under, with what proxies do not see and the state-law rules (admins; clinicians read). */
export default {
  list: lazyPage(() => import('./ResultCategoryList.tsx').then((module) => module.ResultCategoryList)),
  create: lazyPage(() => import('./ResultCategoryCreate.tsx').then((module) => module.ResultCategoryCreate)),
  edit: lazyPage(() => import('./ResultCategoryEdit.tsx').then((module) => module.ResultCategoryEdit)),
  icon: CategoryIcon,
  recordRepresentation: 'name',
};
