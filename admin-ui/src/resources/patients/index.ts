import { lazyPage } from '../../lazyPage.ts';
import PeopleIcon from '@mui/icons-material/People';
import { patientName } from './patientName.ts';

/**
 * Patients: search, records, and ROI's corrections of demographics. Pages load on first visit to
 * keep the first load small.
 */
export default {
  list: lazyPage(() => import('./PatientList.tsx').then((module) => module.PatientList)),
  show: lazyPage(() => import('./PatientShow.tsx').then((module) => module.PatientShow)),
  edit: lazyPage(() => import('./PatientEdit.tsx').then((module) => module.PatientEdit)),
  icon: PeopleIcon,
  recordRepresentation: patientName,
};
