import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import PrintIcon from '@mui/icons-material/Print';
import { useTranslate } from 'react-admin';
import type { BatchIssueResult } from '../../providers/dataProvider.ts';

/**
 * Which patients got a code and why the others did not, before printing the letters. Patients who
 * already hold a live code are named with when it was issued: replacing it is confirmed here.
 */
export const BatchResultDialog = ({
  result,
  busy,
  onPrint,
  onReplaceLive,
  onClose,
}: {
  result: BatchIssueResult;
  busy: boolean;
  onPrint: () => void;
  onReplaceLive: () => void;
  onClose: () => void;
}) => {
  const translate = useTranslate();
  const live = result.refused.filter((refusal) => refusal.code === 'live_code').length;
  return (
    <Dialog open aria-labelledby="batch-result-title" maxWidth="sm" fullWidth>
      <DialogTitle id="batch-result-title">{translate('portal.batch.result_title', { smart_count: result.issued.length })}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('portal.batch.refused', { smart_count: result.refused.length })}
        </Alert>
        <ul>
          {result.refused.map((refusal) => (
            <li key={`${refusal.mrn ?? ''}-${refusal.patient_id ?? ''}`}>
              {refusal.mrn ? `MRN ${refusal.mrn}` : translate('portal.batch.unknown_patient')}: {refusal.message}
            </li>
          ))}
        </ul>
        {live ? <Alert severity="info">{translate('portal.batch.live_codes', { smart_count: live })}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('portal.account.done')}</Button>
        {live ? (
          <Button color="warning" variant="outlined" onClick={onReplaceLive} disabled={busy}>
            {translate('portal.batch.replace_live', { smart_count: live })}
          </Button>
        ) : null}
        {result.issued.length ? (
          <Button variant="contained" startIcon={<PrintIcon />} onClick={onPrint} autoFocus>
            {translate('portal.letter.print', { smart_count: result.issued.length })}
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
};
