import Box from '@mui/material/Box';
import PrintIcon from '@mui/icons-material/Print';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { CanAccess, Menu } from 'react-admin';

/**
 * The resources the policy lets this person list, then the pages that are not resources, in a
 * navigation landmark so screen-reader users can jump to it.
 */
export const AppMenu = () => (
  <Box component="nav">
    <Menu>
      {/* Everyone lands on their main task; the dashboard's chart stays one click away. */}
      <Menu.DashboardItem />
      <Menu.ResourceItems />
      <CanAccess action="create" resource="activation-codes">
        <Menu.Item to="/batch-letters" primaryText="portal.batch.menu" leftIcon={<PrintIcon />} />
      </CanAccess>
      <CanAccess action="import" resource="patients">
        <Menu.Item to="/patient-import" primaryText="portal.import.menu" leftIcon={<UploadFileIcon />} />
      </CanAccess>
    </Menu>
  </Box>
);
