import { useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import UploadIcon from '@mui/icons-material/Upload';
import { OwnText, toCsv } from '@portaldesk/admin-api/csv';
import { Title, useTranslate } from 'react-admin';
import { apiErrorBody } from '../providers/httpClient.ts';
import { ChooseFileButton } from './ChooseFileButton.tsx';
import { saveFile } from './saveFile.ts';

/** What every import report of the API says (patients, results): whether it was written, and the rows refused. */
export interface CsvImportReport {
  fileName: string;
  dryRun: boolean;
  committed: boolean;
  rejected: number;
  rejects: ReadonlyArray<{ line: number; problems: ReadonlyArray<{ field: string; reason: string }> }>;
}

type Reject<Report extends CsvImportReport> = Report['rejects'][number];

/** The column that tells staff which record of the file a rejected row is (its MRN, its accession number). */
export interface RejectKey<Report extends CsvImportReport> {
  /** Its heading in the table. */
  label: string;
  /** Its heading in the downloaded CSV. */
  csvHeader: string;
  of(reject: Reject<Report>): string | null;
}

export interface CsvImportCardProps<Report extends CsvImportReport> {
  /** The page's title (an i18n key or words). */
  title: string;
  /** What the file is and which columns it needs. */
  description: ReactNode;
  /** Fields sent along with the file, disabled while it is on its way. */
  options?: (busy: boolean) => ReactNode;
  /** Sends the file (a dry run when `dryRun`), reporting upload progress as a fraction. */
  send(file: File, dryRun: boolean, onProgress: (fraction: number) => void): Promise<Report>;
  /** The report's counts, in order, with their labels. */
  counts(report: Report): Array<{ label: string; value: number }>;
  rejectKey: RejectKey<Report>;
  /** What a committed import did, in a sentence. */
  doneMessage(report: Report): string;
  /** Why nothing was written, in a sentence: how many rows were refused and where to fix them. */
  rejectedMessage(report: Report): string;
  /** Notices about the report beside the outcome (the patient import's conflicts). */
  notices?(report: Report): ReactNode;
  /** More of the report, after the rejected rows. */
  details?(report: Report): ReactNode;
}

type Stage = { step: 'idle' } | { step: 'uploading'; fraction: number } | { step: 'processing' };

const fileSize = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/**
 * The rejected rows as CSV for whoever fixes the file; reasons never quote the values, but the
 * row's key comes from the file, so the API's writer defuses formulas as in every other export.
 */
function downloadRejects<Report extends CsvImportReport>(report: Report, key: RejectKey<Report>) {
  // The reason is the API's own words and quotes no value from the file: it reads as written.
  const rows = report.rejects.flatMap((reject) =>
    reject.problems.map((problem) => [reject.line, key.of(reject), new OwnText(`${problem.field}: ${problem.reason}`)]),
  );
  const csv = toCsv(['line', key.csvHeader, 'reason'], rows);
  saveFile(new Blob([csv], { type: 'text/csv' }), `${report.fileName.replace(/\.csv$/i, '')}-rejects.csv`);
}

const ReportSummary = ({ counts }: { counts: Array<{ label: string; value: number }> }) => {
  const translate = useTranslate();
  return (
    <Table size="small" aria-label={translate('portal.import.summary')} sx={{ maxWidth: 420 }}>
      <TableBody>
        {counts.map(({ label, value }) => (
          <TableRow key={label}>
            <TableCell component="th" scope="row">
              {label}
            </TableCell>
            <TableCell align="right">{value.toLocaleString('en-US')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const RejectTable = <Report extends CsvImportReport>({ report, rejectKey }: { report: Report; rejectKey: RejectKey<Report> }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h6" component="h2">
          {translate('portal.import.rejects_title')}
        </Typography>
        <MuiButton onClick={() => downloadRejects(report, rejectKey)}>{translate('portal.import.download_rejects')}</MuiButton>
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
            <TableCell>{rejectKey.label}</TableCell>
            <TableCell>{translate('portal.import.problem')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.rejects.flatMap((reject: Reject<Report>) =>
            reject.problems.map((problem) => (
              <TableRow key={`${reject.line}-${problem.field}`}>
                <TableCell>{reject.line}</TableCell>
                <TableCell>{rejectKey.of(reject) ?? '—'}</TableCell>
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
 * Loads a CSV file from the console: choose it, check it (a dry run that writes nothing), then
 * import it; only a file whose check found no bad row can be imported. Shows the upload's
 * progress, the report's counts and every rejected row with its line, downloadable as CSV.
 */
export const CsvImportCard = <Report extends CsvImportReport>({
  title,
  description,
  options,
  send,
  counts,
  rejectKey,
  doneMessage,
  rejectedMessage,
  notices,
  details,
}: CsvImportCardProps<Report>) => {
  const translate = useTranslate();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const [report, setReport] = useState<Report | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const busy = stage.step !== 'idle';
  const checkedClean = report !== null && report.dryRun && report.rejected === 0 && report.fileName === file?.name;

  const choose = (chosen: File) => {
    setFile(chosen);
    setReport(null);
    setFailure(null);
  };

  const upload = async (dryRun: boolean) => {
    if (!file) return;
    setFailure(null);
    setStage({ step: 'uploading', fraction: 0 });
    try {
      setReport(await send(file, dryRun, (fraction) => setStage(fraction < 1 ? { step: 'uploading', fraction } : { step: 'processing' })));
    } catch (error) {
      setReport(null);
      setFailure(apiErrorBody(error)?.message ?? (error instanceof Error ? error.message : String(error)));
    } finally {
      setStage({ step: 'idle' });
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={title} />
      <CardContent>
        <Stack spacing={3}>
          <Box>
            <Typography variant="h5" component="h2" gutterBottom>
              {translate(title)}
            </Typography>
            {description}
          </Box>

          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <ChooseFileButton label={translate('portal.import.choose')} accept=".csv,text/csv" disabled={busy} onFile={choose} />
            <Typography variant="body2">{file ? `${file.name} · ${fileSize(file.size)}` : translate('portal.import.no_file')}</Typography>
          </Stack>

          {options?.(busy)}

          <Stack direction="row" spacing={2}>
            <MuiButton variant="contained" startIcon={<FactCheckIcon />} disabled={!file || busy} onClick={() => upload(true)}>
              {translate('portal.import.check')}
            </MuiButton>
            <MuiButton variant="contained" color="secondary" startIcon={<UploadIcon />} disabled={!checkedClean || busy} onClick={() => upload(false)}>
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
              {report.committed ? (
                <Alert severity="success">{doneMessage(report)}</Alert>
              ) : report.rejected > 0 ? (
                <Alert severity="error">{rejectedMessage(report)}</Alert>
              ) : (
                <Alert severity="info">{translate('portal.import.checked')}</Alert>
              )}
              {notices?.(report)}
              <ReportSummary counts={counts(report)} />
              {report.rejects.length ? <RejectTable report={report} rejectKey={rejectKey} /> : null}
              {details?.(report)}
            </Stack>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
};
