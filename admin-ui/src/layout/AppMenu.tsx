import Box from '@mui/material/Box';
import CakeIcon from '@mui/icons-material/Cake';
import LockClockIcon from '@mui/icons-material/LockClock';
import PrintIcon from '@mui/icons-material/Print';
import RequestQuoteIcon from '@mui/icons-material/RequestQuote';
import ScienceIcon from '@mui/icons-material/Science';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { CanAccess, Menu } from 'react-admin';
import { GUARANTOR_ACCOUNT_IMPORT_PATH } from '../resources/guarantor-accounts/index.ts';
import { AGE_CHANGES_PATH } from '../resources/proxy-relationships/index.ts';
import { RELEASE_QUEUE_PATH } from '../resources/result-holds/index.ts';

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
      {/* Whoever may release results works the queue of those held now. */}
      <CanAccess action="release" resource="results">
        <Menu.Item to={RELEASE_QUEUE_PATH} primaryText="portal.release_queue.menu" leftIcon={<LockClockIcon />} />
      </CanAccess>
      {/* Whoever may read a patient's proxies reads whose access changes with a coming birthday. */}
      <CanAccess action="list" resource="proxy-relationships">
        <Menu.Item to={AGE_CHANGES_PATH} primaryText="portal.age_changes.menu" leftIcon={<CakeIcon />} />
      </CanAccess>
      <CanAccess action="create" resource="activation-codes">
        <Menu.Item to="/batch-letters" primaryText="portal.batch.menu" leftIcon={<PrintIcon />} />
      </CanAccess>
      <CanAccess action="import" resource="patients">
        <Menu.Item to="/patient-import" primaryText="portal.import.menu" leftIcon={<UploadFileIcon />} />
      </CanAccess>
      <CanAccess action="import" resource="results">
        <Menu.Item to="/results-import" primaryText="portal.results_import.menu" leftIcon={<ScienceIcon />} />
      </CanAccess>
      <CanAccess action="import" resource="guarantor-accounts">
        <Menu.Item to={GUARANTOR_ACCOUNT_IMPORT_PATH} primaryText="portal.guarantor_import.menu" leftIcon={<RequestQuoteIcon />} />
      </CanAccess>
    </Menu>
  </Box>
);
