import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { AppBar, RefreshIconButton, TitlePortal, useGetIdentity, useLoading, useTranslate } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider.ts';
import { PortalUserMenu } from './PortalUserMenu.tsx';

/**
 * "Refresh", or a spinner while data loads, as react-admin's LoadingIndicator draws them, but with
 * the spinner named: a progressbar without a name is announced as nothing.
 */
const LoadingIndicator = () => {
  const loading = useLoading();
  const translate = useTranslate();
  return (
    <Box sx={{ position: 'relative' }}>
      <RefreshIconButton sx={loading ? { opacity: 0 } : undefined} />
      {loading ? (
        <CircularProgress
          aria-label={translate('ra.page.loading')}
          color="inherit"
          size={16}
          thickness={6}
          sx={{ position: 'absolute', top: '30%', left: '30%' }}
        />
      ) : null}
    </Box>
  );
};

/** The organization and product on the left, the page title, and the signed-in person on the right. */
export const PortalAppBar = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const organization = (identity as PortalIdentity | undefined)?.organization.name;
  return (
    // Always in view: it holds the page's only level-one heading, and long pages (a proxy request,
    // a patient's record) are scrolled while the title still says whose they are.
    <AppBar alwaysOn color="primary" toolbar={<LoadingIndicator />} userMenu={<PortalUserMenu />}>
      <Box sx={{ display: 'flex', flexDirection: 'column', lineHeight: 1.1, mr: 2, flexShrink: 0 }}>
        <Typography variant="subtitle1" component="span" sx={{ fontWeight: 600, lineHeight: 1.2 }}>
          {organization ?? translate('portal.app.name')}
        </Typography>
        {organization ? (
          <Typography variant="caption" component="span" sx={{ opacity: 0.8, lineHeight: 1.2 }}>
            {translate('portal.app.name')}
          </Typography>
        ) : null}
      </Box>
      <Divider orientation="vertical" flexItem sx={{ borderColor: 'rgba(255, 255, 255, 0.3)', mr: 2, my: 1 }} />
      {/* The page's title is its one h1: list and form pages have no heading of their own. */}
      <TitlePortal variant="subtitle1" component="h1" />
    </AppBar>
  );
};
