import { lazyPage } from '../lazyPage.ts';

/** The signed-in layout (app bar, menu, idle guard): the sign-in page needs none of it, so it loads after. */
export const LazyAppLayout = lazyPage(() => import('./AppLayout.tsx').then((module) => module.AppLayout));
