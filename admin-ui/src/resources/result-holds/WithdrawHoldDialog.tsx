import { useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MuiButton from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { HttpError, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { ResultHold } from '@portaldesk/admin-api/contract';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';

/** The API's shortest reason (admin-api results.schema.ts, withdrawBody), checked before sending. */
const REASON_MIN_LENGTH = 3;

/**
 * Ends an open hold because its basis no longer applies, with the clinician's reason and the
 * version that was read; the API releases the result. When someone acted on the hold first (409:
 * it changed, or it is no longer open) the dialog closes with the server's words, for the register
 * to show the hold as it now stands.
 */
export const WithdrawHoldDialog = ({
  hold,
  onClose,
  onWithdrawn,
  onConflict,
}: {
  hold: ResultHold;
  onClose: () => void;
  onWithdrawn: () => void;
  onConflict: (message: string) => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const names = { test: hold.test_name, patient: translate('portal.result_holds.patient', { name: hold.patient_name, mrn: hold.patient_mrn }) };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const text = reason.trim();
    if (text.length < REASON_MIN_LENGTH) {
      setProblem(translate('portal.result_holds.withdraw.reason_required'));
      field.current?.focus();
      return;
    }
    setProblem(null);
    setSaving(true);
    try {
      await dataProvider.withdrawResultHold({ id: hold.id, body: { reason: text, version: hold.version } });
      notify('portal.result_holds.withdraw.done', { type: 'success', messageArgs: names });
      onWithdrawn();
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : translate('ra.notification.http_error');
      if (caught instanceof HttpError && caught.status === 409) {
        onConflict(message);
        return;
      }
      const reasonError = apiErrorBody(caught)?.errors?.reason;
      if (typeof reasonError === 'string') setProblem(reasonError);
      setFailure(message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="withdraw-hold-title" maxWidth="sm" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="withdraw-hold-title">{translate('portal.result_holds.withdraw.title', names)}</DialogTitle>
        <DialogContent>
          {failure ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {failure}
            </Alert>
          ) : null}
          <Typography sx={{ mb: 2 }}>{translate('portal.result_holds.withdraw.intro')}</Typography>
          <TextField
            inputRef={field}
            name="reason"
            // Outlined: the red of a refused field keeps 4.5:1 on the dialog's white, not on a filled field's grey.
            variant="outlined"
            label={translate('portal.result_holds.withdraw.reason')}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setProblem(null);
            }}
            fullWidth
            multiline
            minRows={2}
            autoFocus
            required
            error={problem !== null}
            helperText={problem ?? translate('portal.result_holds.withdraw.reason_help')}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" color="warning" disabled={saving}>
            {translate('portal.result_holds.withdraw.confirm')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};
