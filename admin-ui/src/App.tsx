import { lazy, Suspense, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Loading, memoryStore, Resource } from 'react-admin';
import { LoginPage } from './auth/LoginPage.tsx';
import { LETTERS_PATH } from './resources/activation-codes/letters.ts';
import { i18nProvider } from './i18n.ts';
import { theme } from './layout/theme.ts';
import { createAuthProvider } from './providers/authProvider.ts';
import { createDataProvider } from './providers/dataProvider.ts';
import { createApiClient } from './providers/httpClient.ts';
import { withReadableErrors } from './providers/readableErrors.ts';
import auditEvents from './resources/audit-events/index.ts';
import businessHolidays from './resources/business-holidays/index.ts';
import deskLocations from './resources/desk-locations/index.ts';
import patients from './resources/patients/index.ts';
import identityChecks from './resources/identity-check-failures/index.ts';
import jobQueues from './resources/jobs/index.ts';
import portalTokens from './resources/portal-tokens/index.ts';
import roleChanges from './resources/role-changes/index.ts';
import settings from './resources/settings/index.ts';
import staffUsers from './resources/staff-users/index.ts';

const Dashboard = lazy(() => import('./dashboard/Dashboard.tsx').then((module) => ({ default: module.Dashboard })));
const AppLayout = lazy(() => import('./layout/AppLayout.tsx').then((module) => ({ default: module.AppLayout })));
const ChangePasswordPage = lazy(() => import('./auth/ChangePasswordPage.tsx').then((module) => ({ default: module.ChangePasswordPage })));
const ActivationLettersPage = lazy(() =>
  import('./resources/activation-codes/ActivationLettersPage.tsx').then((module) => ({ default: module.ActivationLettersPage })),
);
const BatchLettersPage = lazy(() => import('./resources/activation-codes/BatchLettersPage.tsx').then((module) => ({ default: module.BatchLettersPage })));
const PatientImportPage = lazy(() => import('./resources/patients/PatientImportPage.tsx').then((module) => ({ default: module.PatientImportPage })));
const SetPasswordPage = lazy(() => import('./auth/SetPasswordPage.tsx').then((module) => ({ default: module.SetPasswordPage })));

const api = createApiClient();
const authProvider = createAuthProvider(api);
// Failures read in the console's words: field labels, whole sentences.
const dataProvider = withReadableErrors(createDataProvider(api.fetchJson, { upload: api.upload }), i18nProvider.translate);
// List filters can hold patient names: keep react-admin's store in memory, never in localStorage.
const store = memoryStore();

/** The layout loads after sign-in; the sign-in page needs none of it. */
const Layout = ({ children }: { children: ReactNode }) => (
  <Suspense fallback={<Loading />}>
    <AppLayout>{children}</AppLayout>
  </Suspense>
);

/** The staff console: one <Resource> per folder in resources/, menus and buttons by permission. */
export const App = () => (
  <Admin
    disableTelemetry
    requireAuth
    title="PortalDesk"
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    store={store}
    theme={theme}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Dashboard}
  >
    <Resource name="patients" {...patients} />
    <Resource name="patient-access-ledger" />
    <Resource name="staff-users" {...staffUsers} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="role-changes" {...roleChanges} />
    <Resource name="identity-check-failures" {...identityChecks} />
    <Resource name="portal-tokens" {...portalTokens} />
    <Resource name="settings" {...settings} />
    <Resource name="business-holidays" {...businessHolidays} />
    <Resource name="desk-locations" {...deskLocations} />
    <Resource name="job-queues" {...jobQueues} />
    <Resource name="failed-jobs" />
    <CustomRoutes>
      <Route path="/change-password" element={<ChangePasswordPage />} />
      <Route path="/patient-import" element={<PatientImportPage />} />
      <Route path="/batch-letters" element={<BatchLettersPage />} />
    </CustomRoutes>
    <CustomRoutes noLayout>
      <Route
        path={LETTERS_PATH}
        element={
          <Suspense fallback={<Loading />}>
            <ActivationLettersPage />
          </Suspense>
        }
      />
      <Route
        path="/set-password"
        element={
          // Routes without the layout have no Suspense boundary of their own.
          <Suspense fallback={<Loading />}>
            <SetPasswordPage />
          </Suspense>
        }
      />
    </CustomRoutes>
  </Admin>
);
