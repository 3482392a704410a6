import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import type { MessageThreadListFilter } from '@portaldesk/admin-api/contract';
import { CheckboxFilter, SelectFilter, useSearchCriteria } from '../../components/SearchCriteria.tsx';
import { SearchForm } from '../../components/SearchForm.tsx';
import { NOT_CLOSED, RUNNING, STATUSES, statusName, topicName, type ThreadStatus, type Topic } from './threadWords.ts';

/**
 * The queue's filters as the console keeps them (in the URL and the store). react-admin drops
 * null filter values, so "nobody's yet" is kept as 'unassigned' and sent as the API's null
 * (see withUnassignedFilter).
 */
export type QueueFilter = Pick<MessageThreadListFilter, 'topic' | 'status' | 'overdue' | 'q'> & { assignee_id?: 'me' | 'unassigned' };

/** The queue's default: every thread not closed, whatever the topic. */
export const NOT_CLOSED_FILTER: QueueFilter = { status: NOT_CLOSED };

type StatusChoice = 'not_closed' | 'running' | 'any' | ThreadStatus;
type AssigneeChoice = '' | 'me' | 'unassigned';

interface Criteria {
  topic: Topic | '';
  status: StatusChoice;
  assignee: AssigneeChoice;
  overdue: boolean;
  q: string;
}

const isSet = (status: QueueFilter['status'], set: readonly ThreadStatus[]) =>
  Array.isArray(status) && status.length === set.length && set.every((one) => status.includes(one));
const isNotClosed = (status: QueueFilter['status']) => isSet(status, NOT_CLOSED);

const statusChoiceOf = (status: QueueFilter['status']): StatusChoice => {
  if (status === undefined) return 'any';
  if (isNotClosed(status)) return 'not_closed';
  if (isSet(status, RUNNING)) return 'running';
  if (Array.isArray(status)) return status.length === 1 ? status[0] : 'any';
  return status;
};

const criteriaOf = (filter: QueueFilter): Criteria => ({
  topic: filter.topic ?? '',
  status: statusChoiceOf(filter.status),
  assignee: filter.assignee_id ?? '',
  overdue: filter.overdue === true,
  q: filter.q ?? '',
});

const filterOf = (criteria: Criteria): QueueFilter => {
  const filter: QueueFilter = {};
  if (criteria.topic) filter.topic = criteria.topic;
  if (criteria.status === 'not_closed') filter.status = NOT_CLOSED;
  else if (criteria.status === 'running') filter.status = RUNNING;
  else if (criteria.status !== 'any') filter.status = criteria.status;
  if (criteria.assignee) filter.assignee_id = criteria.assignee;
  if (criteria.overdue) filter.overdue = true;
  if (criteria.q.trim()) filter.q = criteria.q.trim();
  return filter;
};

/**
 * True when the queue shows what it shows by default: the threads not closed, of one topic or
 * all. An empty queue then says "No open billing messages" rather than "nothing matches".
 */
export const isDefaultFilter = (filter: QueueFilter) => isNotClosed(filter.status) && Object.keys(filter).every((key) => key === 'status' || key === 'topic');

/**
 * The queue's filters, applied on "Search" (or Enter), never per change: each look at the queue
 * lists patients and is recorded in their access ledgers. The topic is offered only to those who
 * read several queues (the privacy office); a team reads its own.
 */
export const MessageThreadSearchForm = ({ topics }: { topics: readonly Topic[] }) => {
  const translate = useTranslate();
  const { criteria, change, submit, clear } = useSearchCriteria({ criteriaOf, filterOf, defaultFilter: NOT_CLOSED_FILTER });

  return (
    <SearchForm label={translate('portal.messages.search.label')} onSubmit={submit} onClear={clear}>
      <TextField
        fullWidth={false}
        name="q"
        label={translate('resources.message-threads.fields.q')}
        helperText={translate('portal.messages.search.q_help')}
        value={criteria.q}
        onChange={(event) => change({ q: event.target.value })}
        sx={{ minWidth: 240 }}
      />
      {topics.length > 1 ? (
        <SelectFilter
          name="topic"
          label={translate('resources.message-threads.fields.topic')}
          value={criteria.topic}
          onChange={(topic) => change({ topic })}
          minWidth={200}
        >
          <MenuItem value="">{translate('portal.messages.search.any_topic')}</MenuItem>
          {topics.map((topic) => (
            <MenuItem key={topic} value={topic}>
              {topicName(translate, topic)}
            </MenuItem>
          ))}
        </SelectFilter>
      ) : null}
      <SelectFilter
        name="status"
        label={translate('resources.message-threads.fields.status')}
        value={criteria.status}
        onChange={(status) => change({ status })}
        minWidth={200}
      >
        <MenuItem value="not_closed">{translate('portal.messages.search.not_closed')}</MenuItem>
        <MenuItem value="running">{translate('portal.messages.search.running')}</MenuItem>
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {statusName(translate, status)}
          </MenuItem>
        ))}
        <MenuItem value="any">{translate('portal.messages.search.any_status')}</MenuItem>
      </SelectFilter>
      <SelectFilter
        name="assignee"
        label={translate('resources.message-threads.fields.assignee_id')}
        value={criteria.assignee}
        onChange={(assignee) => change({ assignee })}
        minWidth={180}
      >
        <MenuItem value="">{translate('portal.messages.search.anyone')}</MenuItem>
        <MenuItem value="me">{translate('portal.messages.search.mine')}</MenuItem>
        <MenuItem value="unassigned">{translate('portal.messages.search.unassigned')}</MenuItem>
      </SelectFilter>
      <CheckboxFilter
        name="overdue"
        label={translate('portal.messages.search.overdue_only')}
        checked={criteria.overdue}
        onChange={(overdue) => change({ overdue })}
      />
    </SearchForm>
  );
};
