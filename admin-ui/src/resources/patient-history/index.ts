import { lazyPage } from '../../lazyPage.ts';

/**
 * A patient's demographic history has no page of its own: it is the History tab of the patient's
 * record, loaded when the tab opens. Registering the resource gives it labels and lets canAccess
 * name it.
 */
export const PatientHistory = lazyPage(() => import('./PatientHistory.tsx').then((module) => module.PatientHistory));
