import { useEffect, type ReactNode } from 'react';
import { DefaultTitleContextProvider, Layout, useGetIdentity, useTranslate } from 'react-admin';
import { IdleSessionGuard } from '../auth/IdleSessionGuard.tsx';
import type { PortalIdentity } from '../providers/authProvider.ts';
import { AppMenu } from './AppMenu.tsx';
import { PortalAppBar } from './PortalAppBar.tsx';

/**
 * The signed-in frame: the title names the organization ("Hartford HealthCare · PortalDesk"),
 * and the idle-session guard sits outside the page's Suspense so page loads never reset it.
 */
export const AppLayout = ({ children }: { children: ReactNode }) => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const organization = (identity as PortalIdentity | undefined)?.organization.name;
  const title = organization ? translate('portal.app.title', { organization }) : translate('portal.app.name');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <DefaultTitleContextProvider value={title}>
      <Layout appBar={PortalAppBar} menu={AppMenu}>
        {children}
      </Layout>
      <IdleSessionGuard />
    </DefaultTitleContextProvider>
  );
};
