import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { AdminContext, memoryStore, Notification, ResourceContextProvider, TestMemoryRouter, type DataProvider } from 'react-admin';
import { i18nProvider } from './i18n.ts';
import type { PortalIdentity } from './providers/authProvider.ts';
import type { ActivityListener } from './providers/httpClient.ts';
import { withReadableErrors } from './providers/readableErrors.ts';

/** A signed-in compliance officer, as the fake authProvider describes them. */
export const testIdentity: PortalIdentity = {
  id: 7,
  fullName: 'Casey Compliance',
  username: 'casey',
  roles: ['compliance'],
  organization: {
    name: 'Hartford HealthCare',
    portalName: 'MyChartPLUS',
    portalAddress: 'https://mychartplus.hhchealth.org',
    supportPhone: '860-972-4993',
    supportHours: 'Monday to Friday, 7:30 a.m. to 4:00 p.m.',
    timeZone: 'America/New_York',
  },
  session: { signedInAt: '2026-11-25T14:00:00Z', expiresAt: '2026-11-26T02:00:00Z', idleMinutes: 15, idleWarningSeconds: 120 },
};

/**
 * An in-memory authProvider for component tests: signed in, with `permissions` answering
 * canAccess exactly as the real one does.
 */
export function fakeAuthProvider(permissions: Record<string, string[]>) {
  return {
    login: vi.fn(async () => undefined),
    logout: vi.fn(async () => undefined),
    checkAuth: vi.fn(async () => undefined),
    checkError: vi.fn(async () => undefined),
    getIdentity: vi.fn(async () => testIdentity),
    getPermissions: vi.fn(async () => permissions),
    canAccess: vi.fn(async ({ action, resource }: { action: string; resource: string }) => permissions[resource]?.includes(action) ?? false),
    sessionEndedMessage: vi.fn((): string | null => null),
    keepAlive: vi.fn(async (): Promise<void> => undefined),
    onActivity: vi.fn((_listener: ActivityListener) => () => undefined),
  };
}

/** A dataProvider whose every method rejects unless the test supplies it. */
export function fakeDataProvider(methods: Partial<Record<keyof DataProvider, unknown>>): DataProvider {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected dataProvider.${name} call`));
  return {
    getList: unexpected('getList'),
    getOne: unexpected('getOne'),
    getMany: unexpected('getMany'),
    getManyReference: unexpected('getManyReference'),
    update: unexpected('update'),
    updateMany: unexpected('updateMany'),
    create: unexpected('create'),
    delete: unexpected('delete'),
    deleteMany: unexpected('deleteMany'),
    ...methods,
  } as DataProvider;
}

/**
 * Renders `ui` inside react-admin's contexts: router at `path`, our i18n, an in-memory store,
 * the `resource` a <Resource> would provide, and the notifications <Admin> would show. The
 * dataProvider's failures read in the console's words, as App wires it.
 */
export function renderInAdmin(
  ui: ReactNode,
  {
    dataProvider,
    authProvider,
    path = '/',
    resource,
  }: { dataProvider: DataProvider; authProvider: ReturnType<typeof fakeAuthProvider>; path?: string; resource?: string },
) {
  return render(
    <TestMemoryRouter initialEntries={[path]}>
      <AdminContext
        dataProvider={withReadableErrors(dataProvider, i18nProvider.translate)}
        authProvider={authProvider}
        i18nProvider={i18nProvider}
        store={memoryStore()}
      >
        {resource ? <ResourceContextProvider value={resource}>{ui}</ResourceContextProvider> : ui}
        <Notification />
      </AdminContext>
    </TestMemoryRouter>,
  );
}
