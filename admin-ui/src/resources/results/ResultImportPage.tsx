import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useDataProvider, useTranslate } from 'react-admin';
import type { ResultImportReport } from '@portaldesk/admin-api/contract';
import { CsvImportCard, type RejectKey } from '../../components/CsvImportCard.tsx';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { addMessages } from '../../i18n.ts';
import { resultsMessages } from './messages.ts';

addMessages(resultsMessages);

/** The lab feed's columns, as the API reads them. */
const COLUMNS = [
  'accession_number',
  'mrn',
  'loinc_code',
  'test_name',
  'value',
  'unit',
  'reference_range',
  'abnormal_flag',
  'category',
  'performed_at',
  'resulted_at',
];
const COUNTS = ['rowsRead', 'valid', 'rejected', 'inserted', 'corrected', 'unchanged', 'held'] as const;

/**
 * Loads lab results from the lab feed's CSV file. A file is checked first (a dry run that writes
 * nothing); only a file whose check found no bad row can then be imported. Results are known by
 * their accession number, so a file imported again changes nothing and a changed value becomes
 * a correction; each rejected row is named by its line and accession number.
 */
export const ResultImportPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const byAccessionNumber: RejectKey<ResultImportReport> = {
    label: translate('portal.results.import.accession_number'),
    csvHeader: 'accession_number',
    of: (reject) => reject.accession_number,
  };
  return (
    <CsvImportCard<ResultImportReport>
      title="portal.results.import.title"
      description={
        <>
          <Typography variant="body1">{translate('portal.results.import.intro')}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('portal.results.import.columns')}{' '}
            <Box component="code" sx={{ overflowWrap: 'anywhere' }}>
              {COLUMNS.join(',')}
            </Box>
          </Typography>
        </>
      }
      send={async (file, dryRun, onProgress) => (await dataProvider.importResults({ file, dryRun, onProgress })).data}
      counts={(report) => COUNTS.map((count) => ({ label: translate(`portal.results.import.counts.${count}`), value: report[count] }))}
      rejectKey={byAccessionNumber}
      doneMessage={(report) =>
        translate('portal.results.import.done', {
          inserted: report.inserted.toLocaleString('en-US'),
          corrected: report.corrected.toLocaleString('en-US'),
          unchanged: report.unchanged.toLocaleString('en-US'),
          held: report.held.toLocaleString('en-US'),
        })
      }
      rejectedMessage={(report) => translate('portal.results.import.rejected', { smart_count: report.rejected })}
    />
  );
};
