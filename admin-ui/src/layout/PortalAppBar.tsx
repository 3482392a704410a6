import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { AppBar, TitlePortal, useGetIdentity, useTranslate } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider.ts';
import { PortalUserMenu } from './PortalUserMenu.tsx';

/** The organization and product on the left, the page title, and the signed-in person on the right. */
export const PortalAppBar = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const organization = (identity as PortalIdentity | undefined)?.organization.name;
  return (
    <AppBar color="primary" userMenu={<PortalUserMenu />}>
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
      <TitlePortal variant="subtitle1" />
    </AppBar>
  );
};
