import { lazy } from 'react';
import WorkHistoryIcon from '@mui/icons-material/WorkHistory';

/** The background jobs (admins): what runs when, what waits, what failed. */
export default {
  list: lazy(() => import('./JobQueueList.tsx').then((module) => ({ default: module.JobQueueList }))),
  icon: WorkHistoryIcon,
};
