import Box from '@mui/material/Box';
import Chip, { type ChipProps } from '@mui/material/Chip';
import { useTranslate } from 'react-admin';
import type { MessageThread } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { statusName, workingTime, type ThreadStatus } from './threadWords.ts';

const STATUS_LOOK: Record<ThreadStatus, Pick<ChipProps, 'color' | 'variant'>> = {
  new: { color: 'info', variant: 'filled' },
  open: { color: 'primary', variant: 'outlined' },
  waiting_on_patient: { color: 'default', variant: 'outlined' },
  closed: { color: 'default', variant: 'filled' },
};

/** The thread's status in words, its colour only a second cue. */
export const StatusChip = ({ status }: { status: ThreadStatus }) => {
  const translate = useTranslate();
  return <Chip size="small" {...STATUS_LOOK[status]} label={statusName(translate, status)} />;
};

/**
 * When the thread is due, in the organization's zone; an overdue one says so in words. While
 * staff wait on the patient the clock is paused (no due time), with the working time left; a
 * closed thread has none either.
 */
export const ThreadDue = ({ thread }: { thread: Pick<MessageThread, 'status' | 'due_at' | 'overdue' | 'business_minutes_left' | 'closed_at'> }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (thread.status === 'closed') {
    return (
      <>{thread.closed_at ? translate('portal.messages.closed_on', { date: formatDateTime(thread.closed_at, timeZone) }) : statusName(translate, 'closed')}</>
    );
  }
  if (!thread.due_at) {
    return (
      <>
        {translate('portal.messages.paused')}
        {thread.business_minutes_left === null ? null : (
          <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
            {translate('portal.messages.paused_left', { time: workingTime(translate, thread.business_minutes_left) })}
          </Box>
        )}
      </>
    );
  }
  return (
    <>
      {formatDateTime(thread.due_at, timeZone)}
      {thread.overdue ? <Chip size="small" color="error" label={translate('portal.messages.overdue')} sx={{ ml: 1 }} /> : null}
    </>
  );
};

/** When the last message the patient sees came, and from whom. */
export const LastMessage = ({ thread }: { thread: Pick<MessageThread, 'last_message_at' | 'last_message_from'> }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <>
      {translate(thread.last_message_from === 'patient' ? 'portal.messages.from_patient' : 'portal.messages.from_staff')}
      <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
        {formatDateTime(thread.last_message_at, timeZone)}
      </Box>
    </>
  );
};
