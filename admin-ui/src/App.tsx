import { Suspense, type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Loading, memoryStore, Resource } from 'react-admin';
import { LoginPage } from './auth/LoginPage.tsx';
import { LETTERS_PATH } from './resources/activation-codes/letters.ts';
import { i18nProvider } from './i18n.ts';
import { LazyAppLayout } from './layout/lazyLayout.ts';
import { theme } from './layout/theme.ts';
import { lazyPage } from './lazyPage.ts';
import { createAuthProvider } from './providers/authProvider.ts';
import { createDataProvider } from './providers/dataProvider.ts';
import { createApiClient } from './providers/httpClient.ts';
import { withReadableErrors } from './providers/readableErrors.ts';
import type { LandingPath } from './roles.ts';
import auditEvents from './resources/audit-events/index.ts';
import businessHolidays from './resources/business-holidays/index.ts';
import demographicChangeRequests from './resources/demographic-change-requests/index.ts';
import deskLocations from './resources/desk-locations/index.ts';
import guarantorAccounts, { GUARANTOR_ACCOUNT_IMPORT_PATH, GuarantorAccountImportPage } from './resources/guarantor-accounts/index.ts';
import patients from './resources/patients/index.ts';
import identityChecks from './resources/identity-check-failures/index.ts';
import jobQueues from './resources/jobs/index.ts';
import messageThreads from './resources/message-threads/index.ts';
import portalTokens from './resources/portal-tokens/index.ts';
import proxyAgeTiers from './resources/proxy-age-tiers/index.ts';
import { AGE_CHANGES_PATH, ProxyAgeChangesPage } from './resources/proxy-relationships/index.ts';
import proxyRequests from './resources/proxy-requests/index.ts';
import resultCategories from './resources/result-categories/index.ts';
import resultHolds, { RELEASE_QUEUE_PATH, ResultReleaseQueuePage } from './resources/result-holds/index.ts';
import roleChanges from './resources/role-changes/index.ts';
import savedReplies from './resources/saved-replies/index.ts';
import serviceLocations from './resources/service-locations/index.ts';
import settings from './resources/settings/index.ts';
import staffUsers from './resources/staff-users/index.ts';

const Dashboard = lazyPage(() => import('./dashboard/Dashboard.tsx').then((module) => module.Dashboard));
const ChangePasswordPage = lazyPage(() => import('./auth/ChangePasswordPage.tsx').then((module) => module.ChangePasswordPage));
const ActivationLettersPage = lazyPage(() => import('./resources/activation-codes/ActivationLettersPage.tsx').then((module) => module.ActivationLettersPage));
const BatchLettersPage = lazyPage(() => import('./resources/activation-codes/BatchLettersPage.tsx').then((module) => module.BatchLettersPage));
const PatientImportPage = lazyPage(() => import('./resources/patients/PatientImportPage.tsx').then((module) => module.PatientImportPage));
const ResultImportPage = lazyPage(() => import('./resources/results/ResultImportPage.tsx').then((module) => module.ResultImportPage));
const SetPasswordPage = lazyPage(() => import('./auth/SetPasswordPage.tsx').then((module) => module.SetPasswordPage));

const api = createApiClient();
// The moment sign-in succeeds, the layout and the page the staff member lands on load side by
// side, rather than the page's code waiting for the layout to render first.
const LANDING_PAGES: Record<LandingPath, { preload(): Promise<void> }> = {
  '/': Dashboard,
  '/patients': patients.list,
  '/proxy-requests': proxyRequests.list,
  '/audit-events': auditEvents.list,
  '/staff-users': staffUsers.list,
  '/message-threads': messageThreads.list,
};
const authProvider = createAuthProvider(api, {
  onSignedIn: (landing) => {
    void LazyAppLayout.preload();
    void LANDING_PAGES[landing].preload();
  },
});
// Failures read in the console's words: field labels, whole sentences.
const dataProvider = withReadableErrors(createDataProvider(api.fetchJson, { upload: api.upload }), i18nProvider.translate);
// List filters can hold patient names: keep react-admin's store in memory, never in localStorage.
const store = memoryStore();

const Layout = ({ children }: { children: ReactNode }) => (
  <Suspense fallback={<Loading />}>
    <LazyAppLayout>{children}</LazyAppLayout>
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
    <Resource name="patient-history" />
    <Resource name="staff-users" {...staffUsers} />
    <Resource name="audit-events" {...auditEvents} />
    <Resource name="role-changes" {...roleChanges} />
    <Resource name="identity-check-failures" {...identityChecks} />
    <Resource name="proxy-requests" {...proxyRequests} />
    <Resource name="demographic-change-requests" {...demographicChangeRequests} />
    <Resource name="message-threads" {...messageThreads} />
    {/* A patient's results show on their page (the Results tab); the register lists every hold. */}
    <Resource name="results" />
    <Resource name="result-holds" {...resultHolds} />
    <Resource name="portal-tokens" {...portalTokens} />
    <Resource name="settings" {...settings} />
    <Resource name="business-holidays" {...businessHolidays} />
    <Resource name="proxy-age-tiers" {...proxyAgeTiers} />
    <Resource name="result-categories" {...resultCategories} />
    <Resource name="desk-locations" {...deskLocations} />
    <Resource name="service-locations" {...serviceLocations} />
    <Resource name="guarantor-accounts" {...guarantorAccounts} />
    <Resource name="saved-replies" {...savedReplies} />
    <Resource name="job-queues" {...jobQueues} />
    <Resource name="failed-jobs" />
    <CustomRoutes>
      <Route path="/change-password" element={<ChangePasswordPage />} />
      <Route path="/patient-import" element={<PatientImportPage />} />
      <Route path="/results-import" element={<ResultImportPage />} />
      <Route path={GUARANTOR_ACCOUNT_IMPORT_PATH} element={<GuarantorAccountImportPage />} />
      <Route path={RELEASE_QUEUE_PATH} element={<ResultReleaseQueuePage />} />
      <Route path="/batch-letters" element={<BatchLettersPage />} />
      <Route path={AGE_CHANGES_PATH} element={<ProxyAgeChangesPage />} />
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
