import { useContext, useMemo, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import ForumIcon from '@mui/icons-material/Forum';
import { DataProviderContext, DataTable, useGetIdentity, useListContext, useRecordContext, useTranslate, type DataProvider } from 'react-admin';
import type { MessageThread } from '@portaldesk/admin-api/contract';
import { CellSecondLine, DueQueueList, RowShowLink } from '../../components/DueQueue.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import type { PortalIdentity } from '../../providers/authProvider.ts';
import { addMessages } from '../../i18n.ts';
import { messageThreadMessages } from './messages.ts';
import { isDefaultFilter, MessageThreadSearchForm, NOT_CLOSED_FILTER, type QueueFilter } from './MessageThreadSearchForm.tsx';
import { LastMessage, StatusChip, ThreadDue } from './ThreadFields.tsx';
import { readableTopics, RESOURCE, teamName, topicName, type Topic } from './threadWords.ts';

addMessages(messageThreadMessages);

/**
 * The queue's dataProvider: react-admin drops null filter values, so the queue keeps "nobody's
 * yet" as 'unassigned' and this sends the API's `assignee_id: null`.
 */
export function withUnassignedFilter(dataProvider: DataProvider): DataProvider {
  return new Proxy(dataProvider, {
    get(target, property, receiver) {
      if (property !== 'getList') return Reflect.get(target, property, receiver);
      const getList: DataProvider['getList'] = (resource, params) => {
        const { assignee_id: assignee, ...rest } = (params.filter ?? {}) as Record<string, unknown>;
        const filter = assignee === 'unassigned' ? { ...rest, assignee_id: null } : params.filter;
        return target.getList(resource, { ...params, filter });
      };
      return getList;
    },
  });
}

const UnassignedFilter = ({ children }: { children: ReactNode }) => {
  const dataProvider = useContext(DataProviderContext);
  const adapted = useMemo(() => (dataProvider ? withUnassignedFilter(dataProvider) : dataProvider), [dataProvider]);
  return <DataProviderContext.Provider value={adapted}>{children}</DataProviderContext.Provider>;
};

/** The patient by name and MRN; a link to the thread, so keyboard users can Tab to a row and press Enter. */
const PatientCell = () => {
  const record = useRecordContext<MessageThread>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <RowShowLink resource={RESOURCE} id={record.id}>
      {translate('portal.messages.patient', { name: record.patient_name, mrn: record.patient_mrn })}
    </RowShowLink>
  );
};

const TopicCell = () => {
  const record = useRecordContext<MessageThread>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      {topicName(translate, record.topic)}
      <CellSecondLine>{teamName(translate, record.team)}</CellSecondLine>
    </>
  );
};

const SubjectCell = () => {
  const record = useRecordContext<MessageThread>();
  return record ? <Box sx={{ overflowWrap: 'anywhere', maxWidth: 320 }}>{record.subject}</Box> : null;
};

const StatusCell = () => {
  const record = useRecordContext<MessageThread>();
  return record ? <StatusChip status={record.status} /> : null;
};

const AssigneeCell = () => {
  const record = useRecordContext<MessageThread>();
  const translate = useTranslate();
  return record ? <>{record.assignee_name ?? translate('portal.messages.unassigned')}</> : null;
};

const ReceivedCell = () => {
  const record = useRecordContext<MessageThread>();
  const timeZone = useOrganizationTimeZone();
  return record ? <>{formatDateTime(record.received_at, timeZone)}</> : null;
};

const DueCell = () => {
  const record = useRecordContext<MessageThread>();
  return record ? <ThreadDue thread={record} /> : null;
};

const LastMessageCell = () => {
  const record = useRecordContext<MessageThread>();
  return record ? <LastMessage thread={record} /> : null;
};

/** Nothing open in the team's queue (the default view): said per team; or nothing for the filters chosen. */
const Empty = ({ topics }: { topics: readonly Topic[] }) => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const filter = filterValues as QueueFilter;
  const waiting = isDefaultFilter(filter);
  const topic = filter.topic ?? (topics.length === 1 ? topics[0] : undefined);
  const title = !waiting
    ? translate('portal.messages.empty_filtered')
    : topic
      ? translate('portal.messages.empty_topic', { topic: translate(`portal.messages.topic_in_sentence.${topic}`) })
      : translate('portal.messages.empty');
  return (
    <EmptyState icon={<ForumIcon />} title={title}>
      {translate(waiting ? 'portal.messages.empty_help' : 'portal.messages.empty_filtered_help')}
    </EmptyState>
  );
};

/**
 * A team's queue of the messages patients send from the portal: those not closed, the one due
 * soonest first (those waiting on the patient, their clock paused, last); overdue rows are marked
 * in words and colour. The privacy office reads every team's queue and may filter by topic.
 */
export const MessageThreadList = () => {
  const { identity, isPending } = useGetIdentity();
  if (isPending) return null;
  const topics = readableTopics((identity as PortalIdentity | undefined)?.roles ?? []);
  return (
    <UnassignedFilter>
      <DueQueueList filters={<MessageThreadSearchForm topics={topics} />} defaultFilter={NOT_CLOSED_FILTER} empty={<Empty topics={topics} />}>
        <DataTable.Col source="patient_name" disableSort>
          <PatientCell />
        </DataTable.Col>
        <DataTable.Col source="topic" disableSort>
          <TopicCell />
        </DataTable.Col>
        <DataTable.Col source="subject" disableSort>
          <SubjectCell />
        </DataTable.Col>
        <DataTable.Col source="status" disableSort>
          <StatusCell />
        </DataTable.Col>
        <DataTable.Col source="assignee_name" disableSort>
          <AssigneeCell />
        </DataTable.Col>
        <DataTable.Col source="received_at">
          <ReceivedCell />
        </DataTable.Col>
        <DataTable.Col source="due_at">
          <DueCell />
        </DataTable.Col>
        <DataTable.Col source="last_message_at">
          <LastMessageCell />
        </DataTable.Col>
      </DueQueueList>
    </UnassignedFilter>
  );
};
