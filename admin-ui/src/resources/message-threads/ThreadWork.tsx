import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import MuiButton from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import CheckCircleIcon from '@mui/icons-material/CheckCircleOutlineOutlined';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import PersonOffIcon from '@mui/icons-material/PersonOffOutlined';
import ReplayIcon from '@mui/icons-material/Replay';
import MarkChatUnreadIcon from '@mui/icons-material/MarkChatUnreadOutlined';
import { useQuery } from '@tanstack/react-query';
import { useGetIdentity, useNotify, useTranslate } from 'react-admin';
import type { MessageThreadDetail, ThreadUpdateRequest } from '@portaldesk/admin-api/contract';
import { threadChanged, useThreadsDataProvider } from './threadCache.ts';
import { RESOURCE } from './threadWords.ts';

type Change = Omit<ThreadUpdateRequest, 'version'>;

/**
 * "Reassign to": the thread's team as the API answers it (its active members, whom a reassignment
 * takes), less whoever has it now and the reader (who has "Assign to me"). Picking one sends the
 * change at once; a native-like select, so the keyboard opens it, moves and picks.
 */
const ReassignSelect = ({
  thread,
  me,
  disabled,
  onPick,
}: {
  thread: MessageThreadDetail;
  me: number | null;
  disabled: boolean;
  onPick: (id: number) => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useThreadsDataProvider();
  const { data: team, error } = useQuery({
    queryKey: [RESOURCE, String(thread.id), 'assignees'],
    queryFn: () => dataProvider.threadAssignees({ id: thread.id }).then(({ data }) => data),
  });
  if (error) {
    return (
      <Typography variant="body2" color="error">
        {translate('portal.messages.reassign_failed', { message: error.message })}
      </Typography>
    );
  }
  const others = (team ?? []).filter((member) => member.id !== thread.assignee_id && member.id !== me);
  if (!others.length) return null;
  return (
    <TextField
      select
      size="small"
      name="reassign"
      label={translate('portal.messages.reassign')}
      value=""
      disabled={disabled}
      onChange={(event) => onPick(Number(event.target.value))}
      sx={{ minWidth: 220 }}
    >
      <MenuItem value="" disabled>
        {translate('portal.messages.reassign_pick')}
      </MenuItem>
      {others.map((member) => (
        <MenuItem key={member.id} value={String(member.id)}>
          {member.name}
        </MenuItem>
      ))}
    </TextField>
  );
};

/**
 * The thread's status and assignee, for its team: take it, let it go or hand it to a colleague;
 * wait on the patient, mark it open, close it or reopen it. Each change is sent with the version
 * read: a change someone else made first is not overwritten, the page shows the thread as it is.
 * `onChanged` hears the thread as it is now, with the version this change was made from (null
 * when the change was refused).
 */
export const ThreadWork = ({
  thread,
  onChanged,
}: {
  thread: MessageThreadDetail;
  onChanged: (thread: MessageThreadDetail, ownChangeFrom: number | null) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useThreadsDataProvider();
  const { identity } = useGetIdentity();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const me = identity ? Number(identity.id) : null;

  const change = async (data: Change) => {
    setBusy(true);
    setProblem(null);
    try {
      const { data: updated } = await dataProvider.update<MessageThreadDetail>(RESOURCE, {
        id: thread.id,
        data: { ...data, version: thread.version } satisfies ThreadUpdateRequest,
        previousData: thread,
      });
      onChanged(updated, thread.version);
      notify('portal.messages.changed', { type: 'success' });
    } catch (caught) {
      const changed = threadChanged(caught);
      if (changed?.thread) onChanged(changed.thread, null);
      const message = caught instanceof Error ? caught.message : translate('ra.notification.http_error');
      setProblem(changed ? translate('portal.messages.change_conflict', { message }) : message);
    } finally {
      setBusy(false);
    }
  };

  const closed = thread.status === 'closed';
  return (
    <Box component="section" aria-labelledby="thread-work-title" sx={{ display: 'grid', gap: 1.5 }}>
      <Typography id="thread-work-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {translate('portal.messages.work_title')}
      </Typography>
      {problem ? (
        <Alert severity="error" role="alert">
          {problem}
        </Alert>
      ) : null}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        {closed ? (
          <MuiButton variant="outlined" size="small" startIcon={<ReplayIcon />} disabled={busy} onClick={() => change({ status: 'open' })}>
            {translate('portal.messages.reopen')}
          </MuiButton>
        ) : (
          <>
            {thread.status === 'waiting_on_patient' ? (
              <MuiButton variant="outlined" size="small" startIcon={<MarkChatUnreadIcon />} disabled={busy} onClick={() => change({ status: 'open' })}>
                {translate('portal.messages.mark_open')}
              </MuiButton>
            ) : (
              <MuiButton
                variant="outlined"
                size="small"
                startIcon={<HourglassEmptyIcon />}
                disabled={busy}
                onClick={() => change({ status: 'waiting_on_patient' })}
              >
                {translate('portal.messages.mark_waiting')}
              </MuiButton>
            )}
            <MuiButton variant="outlined" size="small" startIcon={<CheckCircleIcon />} disabled={busy} onClick={() => change({ status: 'closed' })}>
              {translate('portal.messages.close')}
            </MuiButton>
          </>
        )}
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
        {me !== null && thread.assignee_id !== me ? (
          <MuiButton variant="outlined" size="small" startIcon={<AssignmentIndIcon />} disabled={busy} onClick={() => change({ assignee_id: me })}>
            {translate('portal.messages.assign_me')}
          </MuiButton>
        ) : null}
        {thread.assignee_id !== null ? (
          <MuiButton variant="outlined" size="small" startIcon={<PersonOffIcon />} disabled={busy} onClick={() => change({ assignee_id: null })}>
            {translate('portal.messages.unassign')}
          </MuiButton>
        ) : null}
        <ReassignSelect thread={thread} me={me} disabled={busy} onPick={(id) => change({ assignee_id: id })} />
      </Box>
    </Box>
  );
};
