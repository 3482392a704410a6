import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import { lazyPage } from '../../lazyPage.ts';

/** The console route of the admins' guarantor accounts import. */
export const GUARANTOR_ACCOUNT_IMPORT_PATH = '/guarantor-account-import';

/** The admins' CSV import of the billing system's guarantor accounts (a page, not a resource view). */
export const GuarantorAccountImportPage = lazyPage(() => import('./GuarantorAccountImportPage.tsx').then((module) => module.GuarantorAccountImportPage));

/**
 * The billing system's guarantor accounts, for billing customer service and the privacy office:
 * balance, service location and whether the portal offers Pay Now, and why not. Read only.
 */
export default {
  list: lazyPage(() => import('./GuarantorAccountList.tsx').then((module) => module.GuarantorAccountList)),
  show: lazyPage(() => import('./GuarantorAccountShow.tsx').then((module) => module.GuarantorAccountShow)),
  icon: AccountBalanceWalletIcon,
  recordRepresentation: 'account_number',
};
