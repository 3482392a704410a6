import { lazyPage } from '../../lazyPage.ts';
import WorkHistoryIcon from '@mui/icons-material/WorkHistory';

/** The background jobs (admins): what runs when, what waits, what failed. */
export default {
  list: lazyPage(() => import('./JobQueueList.tsx').then((module) => module.JobQueueList)),
  icon: WorkHistoryIcon,
};
