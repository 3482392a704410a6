import { lazyPage } from '../../lazyPage.ts';

/**
 * A patient's results have no page of their own: they are the Results tab of the patient's
 * record, loaded when the tab opens (the chart library with them, for the roles that read values).
 */
export const ResultsTab = lazyPage(() => import('./ResultsTab.tsx').then((module) => module.ResultsTab));
