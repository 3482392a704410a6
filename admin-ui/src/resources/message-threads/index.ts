import ForumIcon from '@mui/icons-material/Forum';
import { lazyPage } from '../../lazyPage.ts';

/**
 * The customer-service messages patients send from the portal, each topic its team's queue
 * (billing, support, Release of Information); the privacy office reads every queue.
 */
export default {
  list: lazyPage(() => import('./MessageThreadList.tsx').then((module) => module.MessageThreadList)),
  show: lazyPage(() => import('./MessageThreadShow.tsx').then((module) => module.MessageThreadShow)),
  icon: ForumIcon,
  recordRepresentation: 'subject',
};
