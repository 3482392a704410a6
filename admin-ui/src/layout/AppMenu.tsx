import PrintIcon from '@mui/icons-material/Print';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { CanAccess, Menu } from 'react-admin';

/** The resources the policy lets this person list, then the pages that are not resources. */
export const AppMenu = () => (
  <Menu>
    <Menu.ResourceItems />
    <CanAccess action="create" resource="activation-codes">
      <Menu.Item to="/batch-letters" primaryText="portal.batch.menu" leftIcon={<PrintIcon />} />
    </CanAccess>
    <CanAccess action="import" resource="patients">
      <Menu.Item to="/patient-import" primaryText="portal.import.menu" leftIcon={<UploadFileIcon />} />
    </CanAccess>
  </Menu>
);
