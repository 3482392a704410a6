import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import UploadIcon from '@mui/icons-material/Upload';
import { toCsv } from '@portaldesk/admin-api/csv';
import { FIELD_LABELS } from '@portaldesk/admin-api/contract';
import { Title, useDataProvider, useTranslate } from 'react-admin';
import { ChooseFileButton } from '../../components/ChooseFileButton.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { instantOfWallClock } from '../../components/typed-date.ts';
import { saveFile } from '../../components/saveFile.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import type { PatientImportReport, PortalDataProvider } from '../../providers/dataProvider.ts';

const REQUIRED = ['mrn', 'family_name', 'given_name', 'date_of_birth', 'sex'];
const OPTIONAL = ['deceased_date', 'phone', 'email', 'address_line1', 'address_line2', 'city', 'state', 'postal_code'];

type Stage = { step: 'idle' } | { step: 'uploading'; fraction: number } | { step: 'processing' };

const fileSize = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * The rejected rows as CSV for whoever fixes the extract; reasons never quote the values, but
 * the MRN comes from the file, so the API's writer defuses formulas as in every other export.
 */
function rejectsCsv(report: PatientImportReport): string {
  const rows = report.rejects.flatMap((reject) => reject.problems.map((problem) => [reject.line, reject.mrn, `${problem.field}: ${problem.reason}`]));
  return toCsv(['line', 'mrn', 'reason'], rows);
}

const downloadRejects = (report: PatientImportReport) =>
  saveFile(new Blob([rejectsCsv(report)], { type: 'text/csv' }), `${report.fileName.replace(/\.csv$/i, '')}-rejects.csv`);

const ReportSummary = ({ report }: { report: PatientImportReport }) => {
  const translate = useTranslate();
  const counts = ['rowsRead', 'valid', 'rejected', 'imported'] as const;
  return (
    <Table size="small" aria-label={translate('portal.import.summary')} sx={{ maxWidth: 420 }}>
      <TableBody>
        {counts.map((count) => (
          <TableRow key={count}>
            <TableCell component="th" scope="row">
              {translate(`portal.import.counts.${count}`)}
            </TableCell>
            <TableCell align="right">{report[count].toLocaleString('en-US')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const RejectTable = ({ report }: { report: PatientImportReport }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2">
          {translate('portal.import.rejects_title')}
        </Typography>
        <MuiButton onClick={() => downloadRejects(report)}>{translate('portal.import.download_rejects')}</MuiButton>
      </Stack>
      {report.rejected > report.rejects.length ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('portal.import.rejects_truncated', { shown: report.rejects.length, total: report.rejected.toLocaleString('en-US') })}
        </Typography>
      ) : null}
      <Table size="small" aria-label={translate('portal.import.rejects_title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('portal.import.line')}</TableCell>
            <TableCell>MRN</TableCell>
            <TableCell>{translate('portal.import.problem')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.rejects.flatMap((reject) =>
            reject.problems.map((problem) => (
              <TableRow key={`${reject.line}-${problem.field}`}>
                <TableCell>{reject.line}</TableCell>
                <TableCell>{reject.mrn ?? '—'}</TableCell>
                <TableCell>
                  {problem.field}: {problem.reason}
                </TableCell>
              </TableRow>
            )),
          )}
        </TableBody>
      </Table>
    </Box>
  );
};

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
 * nothing); only a file whose check found no bad row can then be imported, all or nothing.
 */
export const PatientImportPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [report, setReport] = useState<PatientImportReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [extractedAt, setExtractedAt] = useState('');
  const timeZone = useOrganizationTimeZone();
  const busy = stage.step !== 'idle';
  const checkedClean = report !== null && report.dryRun && report.rejected === 0 && report.fileName === file?.name;

  const choose = (chosen: File) => {
    setFile(chosen);
    setReport(null);
    setFailure(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setFailure(null);
    setStage({ step: 'uploading', fraction: 0 });
    try {
      const { data } = await dataProvider.importPatients({
        file,
        dryRun,
        extractedAt: instantOf(extractedAt, timeZone),
        onProgress: (fraction) => setStage(fraction < 1 ? { step: 'uploading', fraction } : { step: 'processing' }),
      });
      setReport(data);
    } catch (error) {
      setReport(null);
      setFailure(apiErrorBody(error)?.message ?? (error instanceof Error ? error.message : String(error)));
    } finally {
      setStage({ step: 'idle' });
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="portal.import.title" />
      <CardContent>
        <Stack spacing={3}>
          <Box>
            <Typography variant="h5" component="h2" gutterBottom>
              {translate('portal.import.title')}
            </Typography>
            <Typography variant="body1">{translate('portal.import.intro')}</Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {translate('portal.import.columns', { required: REQUIRED.join(', '), optional: OPTIONAL.join(', ') })}
            </Typography>
          </Box>

          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <ChooseFileButton label={translate('portal.import.choose')} accept=".csv,text/csv" disabled={busy} onFile={choose} />
            <Typography variant="body2">{file ? `${file.name} · ${fileSize(file.size)}` : translate('portal.import.no_file')}</Typography>
          </Stack>

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

          <Stack direction="row" spacing={2}>
            <MuiButton variant="contained" startIcon={<FactCheckIcon />} disabled={!file || busy} onClick={() => send(true)}>
              {translate('portal.import.check')}
            </MuiButton>
            <MuiButton variant="contained" color="secondary" startIcon={<UploadIcon />} disabled={!checkedClean || busy} onClick={() => send(false)}>
              {translate('portal.import.import')}
            </MuiButton>
          </Stack>

          {stage.step === 'uploading' ? (
            <Box role="status">
              <Typography variant="body2">{translate('portal.import.uploading', { percent: Math.round(stage.fraction * 100) })}</Typography>
              <LinearProgress variant="determinate" value={stage.fraction * 100} />
            </Box>
          ) : null}
          {stage.step === 'processing' ? (
            <Box role="status">
              <Typography variant="body2">{translate('portal.import.processing')}</Typography>
              <LinearProgress />
            </Box>
          ) : null}

          {failure ? <Alert severity="error">{failure}</Alert> : null}

          {report ? (
            <Stack spacing={2}>
              {report.rejected > 0 ? (
                <Alert severity="error">{translate('portal.import.rejected', { smart_count: report.rejected })}</Alert>
              ) : report.committed ? (
                <Alert severity="success">{translate('portal.import.done', { imported: report.imported.toLocaleString('en-US') })}</Alert>
              ) : (
                <Alert severity="info">{translate('portal.import.checked')}</Alert>
              )}
              {report.conflicted > 0 ? (
                <Alert severity="warning">
                  {translate(report.committed ? 'portal.import.conflicted' : 'portal.import.would_conflict', { smart_count: report.conflicted })}
                </Alert>
              ) : null}
              <ReportSummary report={report} />
              {report.rejects.length ? <RejectTable report={report} /> : null}
              {report.conflicts.length ? <ConflictTable report={report} /> : null}
            </Stack>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
};
