import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { Button, useGetList, useTranslate } from 'react-admin';
import type { LabResult, LabResultCorrection } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';

/** The most corrections one result plausibly has; the dialog lists them all on one page. */
const CORRECTIONS_SHOWN = 100;
const TIME_FIELDS = new Set(['performed_at', 'resulted_at']);

/**
 * The "Corrected" mark of a result. For roles that read values it opens the correction history:
 * what the lab changed each time, who imported it, and whether the patient could have seen the
 * earlier value; for the others it is only a mark.
 */
export const CorrectedMark = ({ result }: { result: LabResult }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  if (result.values_withheld) return <Chip size="small" variant="outlined" color="info" label={translate('portal.results.corrected')} />;
  return (
    <>
      <Chip
        size="small"
        variant="outlined"
        color="info"
        clickable
        onClick={() => setOpen(true)}
        label={translate('portal.results.corrected')}
        aria-label={translate('portal.results.corrections.open')}
        aria-haspopup="dialog"
      />
      {open && <CorrectionsDialog result={result} onClose={() => setOpen(false)} />}
    </>
  );
};

const CorrectionsDialog = ({ result, onClose }: { result: LabResult; onClose: () => void }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const { data, isPending, error } = useGetList<LabResultCorrection>('result-corrections', {
    filter: { result_id: result.id },
    pagination: { page: 1, perPage: CORRECTIONS_SHOWN },
    sort: { field: 'corrected_at', order: 'DESC' },
  });
  const shown = (field: string, value: string | null) => {
    if (value === null) return translate('portal.results.corrections.empty_value');
    return TIME_FIELDS.has(field) ? formatDateTime(value, timeZone) : value;
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="result-corrections-title" maxWidth="sm" fullWidth>
      <DialogTitle id="result-corrections-title">{translate('portal.results.corrections.title', { test: result.test_name })}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('portal.results.corrections.intro')}
        </Typography>
        {isPending && <Typography role="status">{translate('portal.results.corrections.loading')}</Typography>}
        {error ? <Alert severity="error">{translate('portal.results.corrections.failed')}</Alert> : null}
        {data?.map((correction) => (
          <Box key={correction.id} component="section" sx={{ mb: 3 }} aria-label={formatDateTime(correction.corrected_at, timeZone)}>
            <Typography variant="subtitle2" component="h3">
              {translate(correction.imported_by_name ? 'portal.results.corrections.when_by' : 'portal.results.corrections.when_by_script', {
                when: formatDateTime(correction.corrected_at, timeZone),
                name: correction.imported_by_name,
                file: correction.file_name,
              })}
            </Typography>
            <Typography variant="caption" color={correction.was_released ? 'warning.main' : 'text.secondary'}>
              {translate(correction.was_released ? 'portal.results.corrections.was_released' : 'portal.results.corrections.not_released')}
            </Typography>
            <Table size="small" sx={{ mt: 1 }}>
              <TableHead>
                <TableRow>
                  <TableCell component="th" scope="col">
                    {translate('portal.results.corrections.field')}
                  </TableCell>
                  <TableCell component="th" scope="col">
                    {translate('portal.results.corrections.before')}
                  </TableCell>
                  <TableCell component="th" scope="col">
                    {translate('portal.results.corrections.after')}
                  </TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {correction.changes.map((change) => (
                  <TableRow key={change.field}>
                    <TableCell component="th" scope="row">
                      {translate(`portal.results.corrections.fields.${change.field}`, { _: change.field })}
                    </TableCell>
                    <TableCell>{shown(change.field, change.before)}</TableCell>
                    <TableCell>{shown(change.field, change.after)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ))}
      </DialogContent>
      <DialogActions>
        <Button label="portal.results.corrections.close" onClick={onClose} />
      </DialogActions>
    </Dialog>
  );
};
