import QuickreplyIcon from '@mui/icons-material/QuickreplyOutlined';
import { lazyPage } from '../../lazyPage.ts';

/** The answers each team reuses in replies to patients, with placeholders filled from the thread (admins keep them; teams pick them). */
export default {
  list: lazyPage(() => import('./SavedReplyList.tsx').then((module) => module.SavedReplyList)),
  create: lazyPage(() => import('./SavedReplyCreate.tsx').then((module) => module.SavedReplyCreate)),
  edit: lazyPage(() => import('./SavedReplyEdit.tsx').then((module) => module.SavedReplyEdit)),
  icon: QuickreplyIcon,
  recordRepresentation: 'title',
};
