import { lazyPage } from '../../lazyPage.ts';

/** Proxy relationships have no list of their own: they show on each patient's page, and in the birthday worklist. */
export const AGE_CHANGES_PATH = '/proxy-age-changes';

export const ProxyAgeChangesPage = lazyPage(() => import('./ProxyAgeChangesPage.tsx').then((module) => module.ProxyAgeChangesPage));
