import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import PrintIcon from '@mui/icons-material/Print';
import { useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { formatLastDay, useOrganizationTimeZone } from '../../components/dates.tsx';
import type { IssuedCode } from '../../providers/dataProvider.ts';
import { letterOf, openLetters } from '../activation-codes/letters.ts';

/**
 * The code just issued, shown this once; the letter is the way to hand it over. Closing without
 * printing asks first: once closed, nobody can see the code again.
 */
export const IssuedCodeDialog = ({ issued, onClose }: { issued: IssuedCode; onClose: () => void }) => {
  const translate = useTranslate();
  const [confirmingClose, setConfirmingClose] = useState(false);
  const navigate = useNavigate();
  const timeZone = useOrganizationTimeZone();
  const patientName = `${issued.patient.given_name} ${issued.patient.family_name}`;
  return (
    <Dialog open aria-labelledby="issued-code-title" maxWidth="sm" fullWidth>
      <DialogTitle id="issued-code-title">{translate('portal.account.issued_title', { name: patientName })}</DialogTitle>
      <DialogContent>
        <Typography component="div" data-testid="issued-code" sx={{ fontFamily: 'monospace', fontSize: 28, letterSpacing: 2, textAlign: 'center', my: 2 }}>
          {issued.code}
        </Typography>
        <Typography sx={{ textAlign: 'center', mb: 2 }}>
          {translate('portal.account.issued_expires', { date: formatLastDay(issued.expires_at, timeZone) })}
        </Typography>
        {issued.revoked_earlier ? <Alert severity="info">{translate('portal.account.issued_revoked')}</Alert> : null}
        <Alert severity="warning" sx={{ mt: 2 }}>
          {translate('portal.account.issued_once')}
        </Alert>
        {confirmingClose ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {translate('portal.account.close_unprinted')}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        {confirmingClose ? (
          <Button color="error" onClick={onClose}>
            {translate('portal.account.close_without_printing')}
          </Button>
        ) : (
          <Button onClick={() => setConfirmingClose(true)}>{translate('portal.account.done')}</Button>
        )}
        <Button variant="contained" startIcon={<PrintIcon />} autoFocus onClick={() => openLetters(navigate, [letterOf(issued)])}>
          {translate('portal.account.print_letter')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
