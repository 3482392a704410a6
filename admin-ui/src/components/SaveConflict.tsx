import { useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import MuiButton from '@mui/material/Button';
import RefreshIcon from '@mui/icons-material/Refresh';
import { HttpError, useNotify, useRefresh, useTranslate } from 'react-admin';

/** A SimpleForm's resetOptions: reloading after a conflict brings the new version in and keeps what was typed. */
export const KEEP_TYPED_ON_RELOAD = { keepDirtyValues: true };

/**
 * An Edit page's refused saves: a 409 without field errors (someone saved a newer version first)
 * is kept as the conflict to show above the form; field errors show under their fields; anything
 * else is a notice, as react-admin would give it. `reload` clears the conflict and brings the
 * newer version in.
 */
export function useSaveConflict() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [conflict, setConflict] = useState<string | null>(null);
  const onSaveError = (error: unknown) => {
    if (error instanceof HttpError && error.status === 409 && !error.body?.errors) {
      setConflict(error.message);
      return;
    }
    if (error instanceof HttpError && error.body?.errors) return;
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };
  const reload = () => {
    setConflict(null);
    refresh();
  };
  return { conflict, onSaveError, reload };
}

/**
 * The server's words when someone saved first, above the form that keeps what was typed.
 * `messages` is the resource's translation prefix, holding `conflict_title`, `conflict_help` and `reload`.
 */
export const SaveConflictNotice = ({
  message,
  onReload,
  messages,
  maxWidth,
}: {
  message: string;
  onReload: () => void;
  messages: string;
  maxWidth: number;
}) => {
  const translate = useTranslate();
  return (
    <Alert
      severity="error"
      role="alert"
      sx={{ mb: 2, maxWidth }}
      action={
        <MuiButton color="inherit" size="small" startIcon={<RefreshIcon />} onClick={onReload}>
          {translate(`${messages}.reload`)}
        </MuiButton>
      }
    >
      <AlertTitle>{translate(`${messages}.conflict_title`)}</AlertTitle>
      {message} {translate(`${messages}.conflict_help`)}
    </Alert>
  );
};
