import RuleIcon from '@mui/icons-material/Rule';
import { lazyPage } from '../../lazyPage.ts';

/** The age rules of proxy access to minors, per state of residence (admins). */
export default {
  list: lazyPage(() => import('./ProxyAgeTierList.tsx').then((module) => module.ProxyAgeTierList)),
  create: lazyPage(() => import('./ProxyAgeTierCreate.tsx').then((module) => module.ProxyAgeTierCreate)),
  edit: lazyPage(() => import('./ProxyAgeTierEdit.tsx').then((module) => module.ProxyAgeTierEdit)),
  icon: RuleIcon,
  recordRepresentation: 'id',
};
