import { maxLength, required, SelectInput, TextInput, useTranslate, type Validator } from 'react-admin';
import {
  MAX_MESSAGE_CHARACTERS,
  SAVED_REPLY_PLACEHOLDERS,
  TEAMS,
  unknownPlaceholders,
  type SavedReply,
  type SavedReplyRequest,
} from '@portaldesk/admin-api/contract';
import { teamName, type Team } from '../message-threads/threadWords.ts';

/** The form's values: the API's body, and on edit the id and version that were read. */
export interface SavedReplyFormValues {
  id?: SavedReply['id'];
  team: Team | '';
  title: string;
  body: string;
  version?: number;
}

const inBraces = (names: readonly string[]) => names.map((name) => `{{${name}}}`).join(', ');

/** The fields the API takes, as the form holds them. */
export const savedReplyFields = ({ team, title, body }: SavedReplyFormValues): SavedReplyRequest => ({
  team: team as Team,
  title: title.trim(),
  body: body.trim(),
});

const knownPlaceholders: Validator = (value: unknown) => {
  const unknown = typeof value === 'string' ? unknownPlaceholders(value) : [];
  return unknown.length
    ? { message: 'portal.saved_replies.unknown_placeholder', args: { names: inBraces(unknown), placeholders: inBraces(SAVED_REPLY_PLACEHOLDERS) } }
    : undefined;
};

// The API's rules (saved-replies.schema.ts), checked before sending; the server keeps the last word.
const validateTeam = [required()];
const validateTitle = [required(), maxLength(100)];
const validateBody = [required(), maxLength(MAX_MESSAGE_CHARACTERS), knownPlaceholders];

/** The saved-reply form, shared by Create and Edit: the team it is for, its title, and its text with placeholders. */
export const SavedReplyInputs = () => {
  const translate = useTranslate();
  const choices = TEAMS.map((team) => ({ id: team, name: teamName(translate, team) }));
  return (
    <>
      <SelectInput source="team" choices={choices} validate={validateTeam} helperText="portal.saved_replies.team_help" sx={{ width: 320 }} />
      <TextInput source="title" validate={validateTitle} helperText="portal.saved_replies.title_help" autoComplete="off" sx={{ width: 480 }} />
      <TextInput
        source="body"
        validate={validateBody}
        multiline
        minRows={6}
        helperText={translate('portal.saved_replies.body_help', { placeholders: inBraces(SAVED_REPLY_PLACEHOLDERS) })}
        sx={{ maxWidth: 800 }}
      />
    </>
  );
};
