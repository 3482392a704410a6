import PauseCircleIcon from '@mui/icons-material/PauseCircle';
import { lazyPage } from '../../lazyPage.ts';

/** The clinicians' queue of results held now, a page of its own beside the register. */
export const RELEASE_QUEUE_PATH = '/result-release-queue';

export const ResultReleaseQueuePage = lazyPage(() => import('./ResultReleaseQueuePage.tsx').then((module) => module.ResultReleaseQueuePage));

/** The hold register: every hold ever placed on a result, with its legal basis (clinicians; the privacy office reads). */
export default {
  list: lazyPage(() => import('./ResultHoldList.tsx').then((module) => module.ResultHoldList)),
  icon: PauseCircleIcon,
};
