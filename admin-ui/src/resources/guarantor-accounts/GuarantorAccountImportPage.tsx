import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useDataProvider, useTranslate } from 'react-admin';
import { REQUIRED_GUARANTOR_ACCOUNT_COLUMNS, type GuarantorAccountImportReport } from '@portaldesk/admin-api/contract';
import { CsvImportCard, type RejectKey } from '../../components/CsvImportCard.tsx';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { addMessages } from '../../i18n.ts';
import { guarantorAccountMessages } from './messages.ts';

addMessages(guarantorAccountMessages);

const COUNTS = ['rowsRead', 'valid', 'rejected', 'inserted', 'updated', 'unchanged'] as const;

/**
 * Loads the billing system's guarantor accounts from its CSV export (admins). A file is checked
 * first (a dry run that writes nothing); only a file whose check found no bad row can then be
 * imported. Accounts are known by their account number, so a file imported again changes
 * nothing; each rejected row is named by its line and account number.
 */
export const GuarantorAccountImportPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const byAccountNumber: RejectKey<GuarantorAccountImportReport> = {
    label: translate('portal.guarantor_import.account_number'),
    csvHeader: 'account_number',
    of: (reject) => reject.account_number,
  };
  return (
    <CsvImportCard<GuarantorAccountImportReport>
      title="portal.guarantor_import.title"
      description={
        <>
          <Typography variant="body1">{translate('portal.guarantor_import.intro')}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('portal.guarantor_import.columns')}{' '}
            <Box component="code" sx={{ overflowWrap: 'anywhere' }}>
              {REQUIRED_GUARANTOR_ACCOUNT_COLUMNS.join(',')}
            </Box>
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('portal.guarantor_import.optional')}
          </Typography>
        </>
      }
      send={async (file, dryRun, onProgress) => (await dataProvider.importGuarantorAccounts({ file, dryRun, onProgress })).data}
      counts={(report) => COUNTS.map((count) => ({ label: translate(`portal.guarantor_import.counts.${count}`), value: report[count] }))}
      rejectKey={byAccountNumber}
      doneMessage={(report) =>
        translate('portal.guarantor_import.done', {
          inserted: report.inserted.toLocaleString('en-US'),
          updated: report.updated.toLocaleString('en-US'),
          unchanged: report.unchanged.toLocaleString('en-US'),
        })
      }
      rejectedMessage={(report) => translate('portal.guarantor_import.rejected', { smart_count: report.rejected })}
    />
  );
};
