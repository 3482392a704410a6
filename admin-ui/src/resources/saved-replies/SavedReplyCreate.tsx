import { Create, SimpleForm } from 'react-admin';
import type { SavedReplyRequest } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { messageThreadMessages } from '../message-threads/messages.ts';
import { savedReplyMessages } from './messages.ts';
import { savedReplyFields, SavedReplyInputs, type SavedReplyFormValues } from './SavedReplyInputs.tsx';

addMessages(messageThreadMessages, savedReplyMessages);

const EMPTY: SavedReplyFormValues = { team: '', title: '', body: '' };

const toCreateBody = (values: SavedReplyFormValues): SavedReplyRequest => savedReplyFields(values);

/** Adds an answer a team reuses; a title the team already has is refused on the field. */
export const SavedReplyCreate = () => (
  <Create transform={toCreateBody} redirect="list">
    <SimpleForm defaultValues={EMPTY} noValidate>
      <SavedReplyInputs />
    </SimpleForm>
  </Create>
);
