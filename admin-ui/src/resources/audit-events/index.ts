import { lazyPage } from '../../lazyPage.ts';
import PolicyIcon from '@mui/icons-material/Policy';

/** The audit trail, read-only (compliance). */
export default {
  list: lazyPage(() => import('./AuditEventList.tsx').then((module) => module.AuditEventList)),
  show: lazyPage(() => import('./AuditEventShow.tsx').then((module) => module.AuditEventShow)),
  icon: PolicyIcon,
};
