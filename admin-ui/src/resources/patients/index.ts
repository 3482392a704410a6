import { lazy } from 'react';
import PeopleIcon from '@mui/icons-material/People';
import { patientName } from './patientName.ts';

/** Patients: search and read-only records. Pages load on first visit to keep the first load small. */
export default {
  list: lazy(() => import('./PatientList.tsx').then((module) => ({ default: module.PatientList }))),
  show: lazy(() => import('./PatientShow.tsx').then((module) => ({ default: module.PatientShow }))),
  icon: PeopleIcon,
  recordRepresentation: patientName,
};
