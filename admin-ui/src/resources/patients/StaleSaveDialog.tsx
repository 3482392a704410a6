import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { DemographicField, PatientHistoryEntry } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { fieldLabelOf, ValueChange } from '../patient-history/ValueChange.tsx';

/** What a save refused as stale brings back: the changes others made since the version read. */
export interface StaleSave {
  changes: PatientHistoryEntry[];
  /** The fields the refused correction changed too: saving again puts its value in place of theirs. */
  mine: DemographicField[];
}

/**
 * Lists what someone else saved while the staff member was correcting the record: each field,
 * its old and new value in words, who, when and why; fields both changed are marked.
 */
export const StaleSaveDialog = ({ stale, open, onClose }: { stale: StaleSave; open: boolean; onClose(): void }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="stale-save-title" aria-describedby="stale-save-intro">
      <DialogTitle id="stale-save-title">{translate('portal.demographics.stale_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText id="stale-save-intro" sx={{ mb: 2 }}>
          {translate('portal.demographics.stale_intro')}
        </DialogContentText>
        {stale.changes.length ? (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col">
                  {translate('portal.demographics.stale_field')}
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.demographics.stale_change')}
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.demographics.stale_who')}
                </TableCell>
                <TableCell component="th" scope="col">
                  {translate('portal.demographics.stale_why')}
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {stale.changes.map((change) => (
                <TableRow key={change.id}>
                  <TableCell component="th" scope="row">
                    {fieldLabelOf(change)}
                    {stale.mine.includes(change.field) ? (
                      <Typography variant="caption" color="warning.main" sx={{ display: 'block' }}>
                        {translate('portal.demographics.stale_yours_too')}
                      </Typography>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <ValueChange entry={change} />
                  </TableCell>
                  <TableCell>
                    {change.changed_by_name ?? translate(`portal.patient_history.source.${change.source}`)}
                    <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {formatDateTime(change.changed_at, timeZone)}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{change.reason}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <DialogContentText>{translate('portal.patient_history.empty')}</DialogContentText>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose} autoFocus>
          {translate('portal.demographics.stale_review')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
