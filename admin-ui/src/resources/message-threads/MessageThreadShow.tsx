import { useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import EditIcon from '@mui/icons-material/Edit';
import { Link, Show, useCanAccess, useCreatePath, useGetIdentity, useRecordContext, useTranslate, type Identifier } from 'react-admin';
import type { MessageThread, MessageThreadDetail } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import type { PortalIdentity } from '../../providers/authProvider.ts';
import { addMessages } from '../../i18n.ts';
import { GuarantorAccountPanel } from '../guarantor-accounts/GuarantorAccountPanel.tsx';
import { Conversation } from './Conversation.tsx';
import { messageThreadMessages } from './messages.ts';
import { NoteBox } from './NoteBox.tsx';
import { ReplyBox, type DraftBase } from './ReplyBox.tsx';
import { usePutThread, type ThreadChanged } from './threadCache.ts';
import { StatusChip, ThreadDue } from './ThreadFields.tsx';
import { ThreadWork } from './ThreadWork.tsx';
import { answersTopic, nameList, RESOURCE, teamName, topicName, workingTime } from './threadWords.ts';

addMessages(messageThreadMessages);

/** How often the open thread is read again: new messages, status, and who is writing now. */
export const POLL_MS = 15_000;

const Title = () => {
  const record = useRecordContext<MessageThread>();
  const translate = useTranslate();
  return <>{record ? translate('portal.messages.title', { subject: record.subject, name: record.patient_name, mrn: record.patient_mrn }) : ''}</>;
};

/**
 * True for the thread as its own page reads it. Coming from the queue, react-admin first shows
 * the queue's row (which has no messages) while it reads the thread itself.
 */
const isDetail = (record: MessageThread | MessageThreadDetail): record is MessageThreadDetail => 'messages' in record;

/** Who the patient is, what the thread is about, where it stands and who works it. */
const Facts = ({ thread }: { thread: MessageThreadDetail }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const createPath = useCreatePath();
  const { canAccess: canOpenPatient } = useCanAccess({ action: 'show', resource: 'patients' });
  return (
    <>
      <DetailSection title="portal.messages.patient_title">
        <Detail label="portal.messages.name">{thread.patient_name}</Detail>
        <Detail label="portal.messages.mrn">
          {canOpenPatient ? (
            // The MRN is the link's visible text and so its name; the title says where it goes.
            <Link
              to={createPath({ resource: 'patients', type: 'show', id: thread.patient_id })}
              title={translate('portal.messages.open_patient', { mrn: thread.patient_mrn })}
            >
              {thread.patient_mrn}
            </Link>
          ) : (
            thread.patient_mrn
          )}
        </Detail>
      </DetailSection>
      <DetailSection title="portal.messages.facts_title">
        <Detail label="resources.message-threads.fields.topic">
          {translate('portal.messages.topic_team', { topic: topicName(translate, thread.topic), team: teamName(translate, thread.team) })}
        </Detail>
        <Detail label="resources.message-threads.fields.status">
          <StatusChip status={thread.status} />
        </Detail>
        <Detail label="resources.message-threads.fields.assignee_name">{thread.assignee_name ?? translate('portal.messages.unassigned')}</Detail>
        <Detail label="resources.message-threads.fields.received_at">{formatDateTime(thread.received_at, timeZone)}</Detail>
        <Detail label="resources.message-threads.fields.due_at">
          <ThreadDue thread={thread} />
        </Detail>
        <Detail label="portal.messages.first_response">
          {thread.first_response_at && thread.first_response_business_minutes !== null
            ? translate('portal.messages.first_response_after', {
                when: formatDateTime(thread.first_response_at, timeZone),
                time: workingTime(translate, thread.first_response_business_minutes),
              })
            : translate('portal.messages.not_answered')}
        </Detail>
      </DetailSection>
    </>
  );
};

/** "Dana Reyes is writing a reply now": colleagues drafting a reply to this thread (the reader not among them). */
const Replying = ({ thread }: { thread: MessageThreadDetail }) => {
  const translate = useTranslate();
  if (!thread.replying.length) return null;
  return (
    <Alert severity="info" icon={<EditIcon />} role="status">
      {translate('portal.messages.replying', { smart_count: thread.replying.length, names: nameList(thread.replying.map((drafter) => drafter.name)) })}
    </Alert>
  );
};

/** "10:42 AM" in the organization's zone. */
const timeOfDay = (instant: string, timeZone?: string) => new Date(instant).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone });

/** The page's parts, once the thread and what the reader may do with it are known. */
const ThreadPage = () => {
  const record = useRecordContext<MessageThread | MessageThreadDetail>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const putThread = usePutThread();
  const { identity, isPending: identityPending } = useGetIdentity();
  const { canAccess, isPending } = useCanAccess({ action: 'edit', resource: RESOURCE });
  const [base, setBase] = useState<DraftBase | null>(null);
  const [highlighted, setHighlighted] = useState<Identifier[]>([]);
  const [conflict, setConflict] = useState<string | null>(null);
  if (!record || !isDetail(record) || isPending || identityPending) return null;
  const thread = record;
  const roles = (identity as PortalIdentity | undefined)?.roles ?? [];
  // The server decides; the controls show only for the thread's own team.
  const canAnswer = canAccess === true && answersTopic(roles, thread.topic);

  const changeBase = (next: DraftBase | null) => {
    setBase(next);
    if (!next) setConflict(null);
  };

  // Someone replied or changed the thread while the reader wrote: show theirs, keep the draft.
  const showConflict = ({ message, thread: current }: ThreadChanged) => {
    if (!current) {
      setConflict(translate('portal.messages.conflict_other', { message }));
      return;
    }
    const known = base?.messageIds ?? thread.messages.map((one) => one.id);
    const fresh = current.messages.filter((one) => one.kind !== 'internal_note' && !known.includes(one.id));
    const theirReply = [...fresh].reverse().find((one) => one.kind === 'staff_reply');
    setConflict(
      theirReply
        ? translate('portal.messages.conflict_reply', {
            name: theirReply.author?.name ?? translate('portal.messages.message.staff'),
            time: timeOfDay(theirReply.created_at, timeZone),
          })
        : translate('portal.messages.conflict_other', { message }),
    );
    setHighlighted(fresh.map((one) => one.id));
    // The reader has now been shown the thread as it is: sending again goes against it.
    setBase({ version: current.version, messageIds: current.messages.map((one) => one.id) });
    putThread(current);
  };

  const sent = (current: MessageThreadDetail) => {
    setConflict(null);
    setHighlighted([]);
    putThread(current);
  };

  // The reader's own change moves the draft's base along with it; a colleague's does not.
  const changed = (current: MessageThreadDetail, ownChangeFrom: number | null) => {
    if (base && ownChangeFrom !== null && base.version === ownChangeFrom) setBase({ ...base, version: current.version });
    putThread(current);
  };

  const showAccount = thread.topic === 'billing' && thread.guarantor_account_id !== null;
  return (
    <Box sx={{ display: 'grid', gap: 2, alignItems: 'start', gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 2fr) minmax(340px, 1fr)' } }}>
      <Box sx={{ display: 'grid', gap: 2 }}>
        <Card>
          <CardContent>
            <Conversation thread={thread} highlighted={highlighted} />
          </CardContent>
        </Card>
        <Replying thread={thread} />
        {canAnswer ? (
          <>
            <Card>
              <CardContent sx={{ display: 'grid', gap: 2 }}>
                {conflict ? (
                  <Alert severity="warning" role="alert">
                    <AlertTitle>{translate('portal.messages.conflict_title')}</AlertTitle>
                    {conflict}
                  </Alert>
                ) : null}
                <ReplyBox thread={thread} base={base} onBase={changeBase} onConflict={showConflict} onSent={sent} />
              </CardContent>
            </Card>
            <NoteBox thread={thread} onAdded={putThread} />
          </>
        ) : (
          <Alert severity="info">{translate('portal.messages.read_only', { team: teamName(translate, thread.team) })}</Alert>
        )}
      </Box>
      <Box sx={{ display: 'grid', gap: 2 }}>
        <Card>
          <CardContent sx={{ '& > section:last-of-type': { mb: 0 } }}>
            <Facts thread={thread} />
            {canAnswer ? <ThreadWork thread={thread} onChanged={changed} /> : null}
          </CardContent>
        </Card>
        {showAccount ? <GuarantorAccountPanel accountId={thread.guarantor_account_id!} /> : null}
      </Box>
    </Box>
  );
};

/**
 * One customer-service thread as its team works it: the conversation in order (patient messages,
 * staff replies and internal notes, each plainly marked), the reply box and a separate note box,
 * status and assignee, and for billing the guarantor account beside it. Read again every 15
 * seconds, so who else is writing a reply shows before anyone sends. The privacy office reads
 * the same page without the controls.
 */
export const MessageThreadShow = () => (
  <Show title={<Title />} actions={false} component="div" queryOptions={{ refetchInterval: POLL_MS }}>
    <ThreadPage />
  </Show>
);
