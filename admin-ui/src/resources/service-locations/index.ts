import StorefrontIcon from '@mui/icons-material/Storefront';
import { lazyPage } from '../../lazyPage.ts';

/**
 * Where the hospital bills from (admins keep them, billing reads them): the billing phone patients
 * call and whether online payments are taken, which decides whether an account offers Pay Now.
 */
export default {
  list: lazyPage(() => import('./ServiceLocationList.tsx').then((module) => module.ServiceLocationList)),
  create: lazyPage(() => import('./ServiceLocationCreate.tsx').then((module) => module.ServiceLocationCreate)),
  edit: lazyPage(() => import('./ServiceLocationEdit.tsx').then((module) => module.ServiceLocationEdit)),
  icon: StorefrontIcon,
  recordRepresentation: 'name',
};
