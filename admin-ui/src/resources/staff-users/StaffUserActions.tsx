import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MuiButton from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import HowToRegIcon from '@mui/icons-material/HowToReg';
import LockResetIcon from '@mui/icons-material/LockReset';
import PersonOffIcon from '@mui/icons-material/PersonOff';
import { Button, Confirm, useCanAccess, useDataProvider, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { StaffUser as StaffUserRecord } from '@portaldesk/admin-api/contract';
import { apiErrorBody } from '../../providers/httpClient.ts';
import type { PasswordLink, PortalDataProvider } from '../../providers/dataProvider.ts';
import { OneTimeLinkDialog } from './OneTimeLinkDialog.tsx';

const REASON_MIN_LENGTH = 3;

/** The record, when the signed-in staff member may `action` it; undefined otherwise. */
function useAllowedRecord(action: string) {
  const record = useRecordContext<StaffUserRecord>();
  const { canAccess } = useCanAccess({ resource: 'staff-users', action, record });
  return canAccess ? record : undefined;
}

/** Deactivates an active staff user, with a required reason; their sessions end at once. */
export const DeactivateButton = () => {
  const record = useAllowedRecord('deactivate');
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!record?.active) return null;

  const close = () => {
    setOpen(false);
    setReason('');
    setReasonError(null);
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length < REASON_MIN_LENGTH) {
      setReasonError(translate('portal.staff_users.deactivate.reason_required'));
      return;
    }
    setSaving(true);
    try {
      await dataProvider.deactivate('staff-users', { id: record.id, reason: reason.trim() });
      notify('portal.staff_users.deactivate.done', { type: 'success', messageArgs: { name: record.display_name } });
      close();
      refresh();
    } catch (caught) {
      const fieldError = apiErrorBody(caught)?.errors?.reason;
      if (typeof fieldError === 'string') setReasonError(fieldError);
      setError(caught instanceof Error ? caught.message : translate('ra.notification.http_error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button label="portal.staff_users.deactivate.button" color="error" onClick={() => setOpen(true)}>
        <PersonOffIcon />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby="deactivate-title" maxWidth="sm" fullWidth>
        <form onSubmit={submit} noValidate>
          <DialogTitle id="deactivate-title">{translate('portal.staff_users.deactivate.title', { name: record.display_name })}</DialogTitle>
          <DialogContent>
            <DialogContentText sx={{ mb: 2 }}>{translate('portal.staff_users.deactivate.explain')}</DialogContentText>
            {error ? (
              <Alert severity="error" sx={{ mb: 2 }}>
                {error}
              </Alert>
            ) : null}
            <TextField
              name="reason"
              label={translate('portal.staff_users.deactivate.reason')}
              helperText={reasonError ?? translate('portal.staff_users.deactivate.reason_help')}
              error={reasonError !== null}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              autoFocus
              fullWidth
              multiline
              minRows={2}
            />
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={close}>{translate('ra.action.cancel')}</MuiButton>
            <MuiButton type="submit" color="error" variant="contained" disabled={saving}>
              {translate('portal.staff_users.deactivate.confirm')}
            </MuiButton>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};

/** Reactivates a deactivated staff user after a confirmation. */
export const ReactivateButton = () => {
  const record = useAllowedRecord('reactivate');
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  if (!record || record.active) return null;

  const reactivate = async () => {
    setSaving(true);
    try {
      await dataProvider.reactivate('staff-users', { id: record.id });
      notify('portal.staff_users.reactivate.done', { type: 'success', messageArgs: { name: record.display_name } });
      refresh();
    } catch (caught) {
      notify(caught instanceof Error ? caught.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
      setOpen(false);
    }
  };

  return (
    <>
      <Button label="portal.staff_users.reactivate.button" onClick={() => setOpen(true)}>
        <HowToRegIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={saving}
        title="portal.staff_users.reactivate.title"
        titleTranslateOptions={{ name: record.display_name }}
        content="portal.staff_users.reactivate.explain"
        confirm="portal.staff_users.reactivate.confirm"
        onConfirm={reactivate}
        onClose={() => setOpen(false)}
      />
    </>
  );
};

/** Issues a new one-time password link for an active staff user and shows it once. */
export const ResetPasswordButton = () => {
  const record = useAllowedRecord('reset-password');
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [link, setLink] = useState<PasswordLink | null>(null);
  if (!record?.active) return null;

  const issue = async () => {
    setSaving(true);
    try {
      setLink((await dataProvider.issuePasswordLink('staff-users', { id: record.id })).data);
    } catch (caught) {
      notify(caught instanceof Error ? caught.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSaving(false);
      setConfirming(false);
    }
  };

  return (
    <>
      <Button label="portal.staff_users.reset_password.button" onClick={() => setConfirming(true)}>
        <LockResetIcon />
      </Button>
      <Confirm
        isOpen={confirming}
        loading={saving}
        title="portal.staff_users.reset_password.title"
        titleTranslateOptions={{ name: record.display_name }}
        content="portal.staff_users.reset_password.explain"
        confirm="portal.staff_users.reset_password.confirm"
        onConfirm={issue}
        onClose={() => setConfirming(false)}
      />
      {link ? (
        <OneTimeLinkDialog
          title={translate('portal.staff_users.reset_password.link_title', { name: record.display_name })}
          intro={translate('portal.staff_users.reset_password.link_intro', { name: record.display_name })}
          person={record.display_name}
          link={link}
          onClose={() => setLink(null)}
        />
      ) : null}
    </>
  );
};
