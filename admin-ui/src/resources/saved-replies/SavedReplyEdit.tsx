import { useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import MuiButton from '@mui/material/Button';
import RefreshIcon from '@mui/icons-material/Refresh';
import { DeleteButton, Edit, HttpError, SaveButton, SimpleForm, Toolbar, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import type { SavedReply, SavedReplyUpdateRequest } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { messageThreadMessages } from '../message-threads/messages.ts';
import { savedReplyMessages } from './messages.ts';
import { savedReplyFields, SavedReplyInputs, type SavedReplyFormValues } from './SavedReplyInputs.tsx';

addMessages(messageThreadMessages, savedReplyMessages);

/** Only what the API's PUT reads, with the version that was read (409 if someone saved since). */
const toUpdateBody = (values: SavedReplyFormValues): SavedReplyUpdateRequest => ({ ...savedReplyFields(values), version: values.version! });

// Reloading after a conflict brings the new version in and keeps what was typed.
const KEEP_TYPED = { keepDirtyValues: true };

const Title = () => {
  const record = useRecordContext<SavedReply>();
  const translate = useTranslate();
  return <>{record ? translate('portal.saved_replies.title', { title: record.title }) : ''}</>;
};

/** Save, and Delete after a confirmation naming the reply. */
const SavedReplyToolbar = () => {
  const record = useRecordContext<SavedReply>();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteButton
        mutationMode="pessimistic"
        confirmTitle="portal.saved_replies.delete_title"
        confirmContent="portal.saved_replies.delete_content"
        translateOptions={{ title: record?.title ?? '' }}
      />
    </Toolbar>
  );
};

/** The server's words when someone saved first, above the form that keeps what was typed. */
const ConflictNotice = ({ message, onReload }: { message: string; onReload: () => void }) => {
  const translate = useTranslate();
  return (
    <Alert
      severity="error"
      role="alert"
      sx={{ mb: 2, maxWidth: 800 }}
      action={
        <MuiButton color="inherit" size="small" startIcon={<RefreshIcon />} onClick={onReload}>
          {translate('portal.saved_replies.reload')}
        </MuiButton>
      }
    >
      <AlertTitle>{translate('portal.saved_replies.conflict_title')}</AlertTitle>
      {message} {translate('portal.saved_replies.conflict_help')}
    </Alert>
  );
};

/**
 * Changes a saved reply's team, title or text, or deletes it (asking first). A save over
 * someone else's newer change is refused (409): the server's words show above the form, which
 * keeps what was typed until a Reload brings their version in.
 */
export const SavedReplyEdit = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [conflict, setConflict] = useState<string | null>(null);
  const failed = (error: unknown) => {
    // A title taken is a field error (shown under the title); a stale version is the conflict.
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
  return (
    <Edit title={<Title />} mutationMode="pessimistic" transform={toUpdateBody} mutationOptions={{ onError: failed }} redirect="list">
      <SimpleForm noValidate resetOptions={KEEP_TYPED} toolbar={<SavedReplyToolbar />}>
        {conflict ? <ConflictNotice message={conflict} onReload={reload} /> : null}
        <SavedReplyInputs />
      </SimpleForm>
    </Edit>
  );
};
