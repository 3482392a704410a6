import FamilyRestroomIcon from '@mui/icons-material/FamilyRestroom';
import { lazyPage } from '../../lazyPage.ts';

/** Requests for proxy access sent from the portal, decided by Release of Information. */
export default {
  list: lazyPage(() => import('./ProxyRequestList.tsx').then((module) => module.ProxyRequestList)),
  show: lazyPage(() => import('./ProxyRequestShow.tsx').then((module) => module.ProxyRequestShow)),
  icon: FamilyRestroomIcon,
  recordRepresentation: (record: { patient_name: string }) => record.patient_name,
};
