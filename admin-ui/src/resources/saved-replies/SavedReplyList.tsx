import QuickreplyIcon from '@mui/icons-material/QuickreplyOutlined';
import Box from '@mui/material/Box';
import { CanAccess, CreateButton, DataTable, List, SearchInput, SelectInput, TopToolbar, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import type { SavedReply } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { addMessages } from '../../i18n.ts';
import { messageThreadMessages } from '../message-threads/messages.ts';
import { TEAMS } from '@portaldesk/admin-api/contract';
import { teamName } from '../message-threads/threadWords.ts';
import { savedReplyMessages } from './messages.ts';

addMessages(messageThreadMessages, savedReplyMessages);

const Actions = () => (
  <TopToolbar>
    <CanAccess action="create" resource="saved-replies">
      <CreateButton />
    </CanAccess>
  </TopToolbar>
);

const TeamCell = () => {
  const record = useRecordContext<SavedReply>();
  const translate = useTranslate();
  return record ? <>{teamName(translate, record.team)}</> : null;
};

/** The text's start, as plain text on two lines at most. */
const BodyCell = () => {
  const record = useRecordContext<SavedReply>();
  if (!record) return null;
  return (
    <Box
      sx={{
        maxWidth: 520,
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        display: '-webkit-box',
        WebkitLineClamp: 2,
        WebkitBoxOrient: 'vertical',
        overflow: 'hidden',
      }}
    >
      {record.body}
    </Box>
  );
};

const ChangedBy = () => {
  const record = useRecordContext<SavedReply>();
  const translate = useTranslate();
  return record ? <>{record.updated_by_username ?? translate('portal.saved_replies.by_system')}</> : null;
};

/**
 * The answers each team reuses, by team and title. Administrators add, change and delete them;
 * the teams read the list (they insert them from a thread's reply box).
 */
export const SavedReplyList = () => {
  const translate = useTranslate();
  const { canAccess: mayEdit } = useCanAccess({ action: 'edit', resource: 'saved-replies' });
  const teams = TEAMS.map((team) => ({ id: team, name: teamName(translate, team) }));
  const filters = [<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="team" source="team" choices={teams} alwaysOn />];
  return (
    <List actions={<Actions />} filters={filters} exporter={false} sort={{ field: 'title', order: 'ASC' }} perPage={50}>
      <DataTable
        rowClick={mayEdit ? 'edit' : false}
        bulkActionButtons={false}
        empty={
          <EmptyState icon={<QuickreplyIcon />} title={translate('portal.saved_replies.empty')}>
            {translate('portal.saved_replies.empty_help')}
          </EmptyState>
        }
      >
        <DataTable.Col source="team">
          <TeamCell />
        </DataTable.Col>
        <DataTable.Col source="title" />
        <DataTable.Col source="body" disableSort>
          <BodyCell />
        </DataTable.Col>
        <DataTable.Col source="updated_at" field={DateTimeField} />
        <DataTable.Col source="updated_by_username" disableSort>
          <ChangedBy />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
