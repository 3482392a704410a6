import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { FIELD_LABELS } from '@portaldesk/admin-api/contract';
import { useDataProvider, useTranslate } from 'react-admin';
import { CsvImportCard, type RejectKey } from '../../components/CsvImportCard.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { instantOfWallClock } from '../../components/typed-date.ts';
import type { PatientImportReport, PortalDataProvider } from '../../providers/dataProvider.ts';

const REQUIRED = ['mrn', 'family_name', 'given_name', 'date_of_birth', 'sex'];
const OPTIONAL = ['deceased_date', 'phone', 'email', 'address_line1', 'address_line2', 'city', 'state', 'postal_code'];
const COUNTS = ['rowsRead', 'valid', 'rejected', 'imported'] as const;
const BY_MRN: RejectKey<PatientImportReport> = { label: 'MRN', csvHeader: 'mrn', of: (reject) => reject.mrn };

/**
 * The fields the import left as staff set them, because staff changed them after the extract was
 * made: someone reconciles each one in the EHR, or the next extract brings the old value again.
 */
const ConflictTable = ({ report }: { report: PatientImportReport }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <Box>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {translate('portal.import.conflicts_title')}
      </Typography>
      {report.conflicted > report.conflicts.length ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('portal.import.conflicts_truncated', { shown: report.conflicts.length, total: report.conflicted.toLocaleString('en-US') })}
        </Typography>
      ) : null}
      <Table size="small" aria-label={translate('portal.import.conflicts_title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('portal.import.line')}</TableCell>
            <TableCell>MRN</TableCell>
            <TableCell>{translate('portal.import.field')}</TableCell>
            <TableCell>{translate('portal.import.kept_since')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.conflicts.map((conflict) => (
            <TableRow key={`${conflict.line}-${conflict.field}`}>
              <TableCell>{conflict.line}</TableCell>
              <TableCell>{conflict.mrn}</TableCell>
              <TableCell>{FIELD_LABELS[conflict.field]}</TableCell>
              <TableCell>{translate(`portal.import.kept_${conflict.source}`, { when: formatDateTime(conflict.changedAt, timeZone) })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/** A datetime-local value, read in the organization's zone (where the EHR is), as an ISO instant; undefined when none is typed. */
const instantOf = (local: string, timeZone: string | undefined) =>
  local ? (timeZone ? instantOfWallClock(local, timeZone) : new Date(local).toISOString()) : undefined;

/**
 * Loads an EHR patient extract from the console. A file is checked first (a dry run that writes
 * nothing); only a file whose check found no bad row can then be imported, all or nothing. Fields
 * staff changed after the extract was made keep their value and are listed as conflicts.
 */
export const PatientImportPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const [extractedAt, setExtractedAt] = useState('');
  const timeZone = useOrganizationTimeZone();
  return (
    <CsvImportCard<PatientImportReport>
      title="portal.import.title"
      description={
        <>
          <Typography variant="body1">{translate('portal.import.intro')}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {translate('portal.import.columns', { required: REQUIRED.join(', '), optional: OPTIONAL.join(', ') })}
          </Typography>
        </>
      }
      options={(busy) => (
        <TextField
          type="datetime-local"
          label={translate('portal.import.extracted_at')}
          helperText={translate('portal.import.extracted_at_help')}
          value={extractedAt}
          onChange={(event) => setExtractedAt(event.target.value)}
          disabled={busy}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ maxWidth: 480 }}
        />
      )}
      send={async (file, dryRun, onProgress) =>
        (await dataProvider.importPatients({ file, dryRun, extractedAt: instantOf(extractedAt, timeZone), onProgress })).data
      }
      counts={(report) => COUNTS.map((count) => ({ label: translate(`portal.import.counts.${count}`), value: report[count] }))}
      rejectKey={BY_MRN}
      doneMessage={(report) => translate('portal.import.done', { imported: report.imported.toLocaleString('en-US') })}
      rejectedMessage={(report) => translate('portal.import.rejected', { smart_count: report.rejected })}
      notices={(report) =>
        report.conflicted > 0 ? (
          <Alert severity="warning">
            {translate(report.committed ? 'portal.import.conflicted' : 'portal.import.would_conflict', { smart_count: report.conflicted })}
          </Alert>
        ) : null
      }
      details={(report) => (report.conflicts.length ? <ConflictTable report={report} /> : null)}
    />
  );
};
