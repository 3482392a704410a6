import { useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MuiButton from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PublishIcon from '@mui/icons-material/Publish';
import { Button, useCanAccess, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { addMessages } from '../../i18n.ts';
import { actionFailure, failureNotice, reasonProblem, type ActionFailure } from './labResult.ts';
import { resultsMessages } from './messages.ts';

addMessages(resultsMessages);

/**
 * Asks why the results go to the portal now, then releases them. A refusal because someone acted
 * first (409) is shown in the server's words while the page behind reloads.
 */
const ReleaseDialog = ({
  resultIds,
  onClose,
  onReleased,
  onStale,
}: {
  resultIds: number[];
  onClose: () => void;
  onReleased: () => void;
  onStale: () => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const reasonField = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [saving, setSaving] = useState(false);
  const notice = failureNotice(failure, ['reason']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = reasonProblem(reason);
    if (problem) {
      setReasonError(translate(problem));
      reasonField.current?.focus();
      return;
    }
    setFailure(null);
    setSaving(true);
    try {
      const { data } = await dataProvider.releaseResults({ body: { resultIds, reason: reason.trim() } });
      notify('portal.results.release.done', { type: 'success', messageArgs: { smart_count: data.released.length } });
      refresh();
      onReleased();
    } catch (error) {
      const refused = actionFailure(error);
      if (refused.conflict) {
        refresh();
        onStale();
      }
      setReasonError(refused.fields.reason ?? null);
      setFailure(refused);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="release-results-title" maxWidth="sm" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="release-results-title">{translate('portal.results.release.title', { smart_count: resultIds.length })}</DialogTitle>
        <DialogContent>
          {notice ? (
            <Alert severity="error" sx={{ mb: 2 }}>
              {notice}
              {failure?.conflict ? ` ${translate('portal.results.conflict_refreshed')}` : null}
            </Alert>
          ) : null}
          <Typography sx={{ mb: 2 }}>{translate('portal.results.release.intro', { smart_count: resultIds.length })}</Typography>
          <TextField
            inputRef={reasonField}
            name="reason"
            variant="outlined"
            label={translate('portal.results.release.reason')}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setReasonError(null);
            }}
            fullWidth
            autoFocus
            required
            error={reasonError !== null}
            helperText={reasonError ?? translate('portal.results.release.reason_help')}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" disabled={saving}>
            {translate('portal.results.release.submit')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/**
 * Releases held results to the patient's portal now, with the reason the clinician gives: the
 * Results tab's bulk action and the release queue's. Shown only to the roles that may release.
 * `onDone` runs after a release, and after a refusal because someone acted first, when the
 * selection no longer matches the results as they stand (to clear it); the page is refreshed either way.
 */
export const ReleaseResultsButton = ({
  resultIds,
  onDone,
  label = 'portal.results.release.button',
}: {
  resultIds: number[];
  onDone?: () => void;
  label?: string;
}) => {
  const { canAccess } = useCanAccess({ action: 'release', resource: 'results' });
  const [open, setOpen] = useState(false);
  if (!canAccess) return null;
  return (
    <>
      <Button label={label} disabled={resultIds.length === 0} startIcon={<PublishIcon />} onClick={() => setOpen(true)} />
      {open ? (
        <ReleaseDialog
          resultIds={resultIds}
          onClose={() => setOpen(false)}
          onReleased={() => {
            setOpen(false);
            onDone?.();
          }}
          onStale={() => onDone?.()}
        />
      ) : null}
    </>
  );
};
