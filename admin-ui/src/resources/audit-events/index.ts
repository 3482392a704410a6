import { lazy } from 'react';
import PolicyIcon from '@mui/icons-material/Policy';

/** The audit trail, read-only (compliance). */
export default {
  list: lazy(() => import('./AuditEventList.tsx').then((module) => ({ default: module.AuditEventList }))),
  show: lazy(() => import('./AuditEventShow.tsx').then((module) => ({ default: module.AuditEventShow }))),
  icon: PolicyIcon,
};
