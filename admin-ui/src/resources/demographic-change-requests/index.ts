import EditNoteIcon from '@mui/icons-material/EditNote';
import { lazyPage } from '../../lazyPage.ts';

/** Changes to their demographics that patients ask for from the portal, reviewed field by field by Release of Information. */
export default {
  list: lazyPage(() => import('./DemographicChangeRequestList.tsx').then((module) => module.DemographicChangeRequestList)),
  show: lazyPage(() => import('./DemographicChangeRequestShow.tsx').then((module) => module.DemographicChangeRequestShow)),
  icon: EditNoteIcon,
  recordRepresentation: (record: { patient_name: string }) => record.patient_name,
};
