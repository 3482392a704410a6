import { DeleteButton, Edit, SaveButton, SimpleForm, Toolbar, useRecordContext, useTranslate } from 'react-admin';
import type { SavedReply, SavedReplyUpdateRequest } from '@portaldesk/admin-api/contract';
import { KEEP_TYPED_ON_RELOAD, SaveConflictNotice, useSaveConflict } from '../../components/SaveConflict.tsx';
import { addMessages } from '../../i18n.ts';
import { messageThreadMessages } from '../message-threads/messages.ts';
import { savedReplyMessages } from './messages.ts';
import { savedReplyFields, SavedReplyInputs, type SavedReplyFormValues } from './SavedReplyInputs.tsx';

addMessages(messageThreadMessages, savedReplyMessages);

/** Only what the API's PUT reads, with the version that was read (409 if someone saved since). */
const toUpdateBody = (values: SavedReplyFormValues): SavedReplyUpdateRequest => ({ ...savedReplyFields(values), version: values.version! });

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

/**
 * Changes a saved reply's team, title or text, or deletes it (asking first). A save over
 * someone else's newer change is refused (409): the server's words show above the form, which
 * keeps what was typed until a Reload brings their version in.
 */
export const SavedReplyEdit = () => {
  // A title taken is a field error (shown under the title); a stale version is the conflict.
  const { conflict, onSaveError, reload } = useSaveConflict();
  return (
    <Edit title={<Title />} mutationMode="pessimistic" transform={toUpdateBody} mutationOptions={{ onError: onSaveError }} redirect="list">
      <SimpleForm noValidate resetOptions={KEEP_TYPED_ON_RELOAD} toolbar={<SavedReplyToolbar />}>
        {conflict ? <SaveConflictNotice message={conflict} onReload={reload} messages="portal.saved_replies" maxWidth={800} /> : null}
        <SavedReplyInputs />
      </SimpleForm>
    </Edit>
  );
};
