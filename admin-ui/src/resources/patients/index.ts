import { lazyPage } from '../../lazyPage.ts';
import PeopleIcon from '@mui/icons-material/People';
import { patientName } from './patientName.ts';

/** Patients: search and read-only records. Pages load on first visit to keep the first load small. */
export default {
  list: lazyPage(() => import('./PatientList.tsx').then((module) => module.PatientList)),
  show: lazyPage(() => import('./PatientShow.tsx').then((module) => module.PatientShow)),
  icon: PeopleIcon,
  recordRepresentation: patientName,
};
