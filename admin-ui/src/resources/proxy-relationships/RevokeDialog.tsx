import { useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MuiButton from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import RefreshIcon from '@mui/icons-material/Refresh';
import { HttpError, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { ProxyRelationship } from '@portaldesk/admin-api/contract';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';

/** The API's rule for a reason (admin-api proxy-relationships.schema.ts, revokeBody), checked before sending. */
const REASON_MIN_LENGTH = 3;

interface Failure {
  message: string;
  /** Someone changed or ended the relationship since it was read: reloading shows how it stands. */
  conflict: boolean;
}

/**
 * Ends a relationship now, with the reason ROI writes and the version that was read. A change by
 * someone else in between (409) is shown with the server's words and a Reload; nothing is sent twice.
 */
export const RevokeDialog = ({
  relationship,
  onClose,
  onRevoked,
  onReload,
}: {
  relationship: ProxyRelationship;
  onClose: () => void;
  onRevoked: () => void;
  onReload: () => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const field = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saving, setSaving] = useState(false);
  const names = { proxy: relationship.proxy_name, patient: relationship.patient_name };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const text = reason.trim();
    if (text.length < REASON_MIN_LENGTH) {
      setProblem(translate('portal.proxies.reason_required'));
      field.current?.focus();
      return;
    }
    setProblem(null);
    setSaving(true);
    try {
      await dataProvider.revokeProxyRelationship({ id: relationship.id, body: { reason: text, version: relationship.version } });
      notify('portal.proxies.revoked', { type: 'success', messageArgs: names });
      onRevoked();
    } catch (caught) {
      const reasonError = apiErrorBody(caught)?.errors?.reason;
      if (typeof reasonError === 'string') setProblem(reasonError);
      setFailure({
        message: caught instanceof Error ? caught.message : translate('ra.notification.http_error'),
        conflict: caught instanceof HttpError && caught.status === 409,
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="revoke-proxy-title" maxWidth="sm" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="revoke-proxy-title">{translate('portal.proxies.revoke_title', names)}</DialogTitle>
        <DialogContent>
          {failure ? (
            <Alert
              severity="error"
              sx={{ mb: 2 }}
              action={
                failure.conflict ? (
                  <MuiButton color="inherit" size="small" startIcon={<RefreshIcon />} onClick={onReload}>
                    {translate('portal.proxies.reload')}
                  </MuiButton>
                ) : undefined
              }
            >
              {failure.message}
            </Alert>
          ) : null}
          <Typography sx={{ mb: 2 }}>{translate('portal.proxies.revoke_intro', names)}</Typography>
          <TextField
            inputRef={field}
            name="reason"
            // Outlined: the red of a refused field keeps 4.5:1 on the dialog's white, not on a filled field's grey.
            variant="outlined"
            label={translate('portal.proxies.reason')}
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
            helperText={problem ?? translate('portal.proxies.reason_help')}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" color="error" disabled={saving}>
            {translate('portal.proxies.revoke')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};
