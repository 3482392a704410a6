import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import ReplayIcon from '@mui/icons-material/Replay';
import TaskAltIcon from '@mui/icons-material/TaskAlt';
import {
  Button,
  CanAccess,
  DataTable,
  type GetListResult,
  List,
  Pagination,
  useDataProvider,
  useListContext,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { Query } from '@tanstack/react-query';
import type { FailedJob as FailedJobRecord, JobQueue as JobQueueRecord } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';

const isBusy = (queue: JobQueueRecord) => queue.waiting + queue.active > 0;

/** While any queue has work waiting or running, the page re-reads the counts every 2 seconds. */
const PROGRESS_POLL_MS = 2000;
const pollWhileBusy = (query: Query<GetListResult<JobQueueRecord>>) => (query.state.data?.data.some(isBusy) ? PROGRESS_POLL_MS : false);

const QueueName = () => {
  const record = useRecordContext<JobQueueRecord>();
  if (!record) return null;
  return (
    <>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        {record.id}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {record.description}
      </Typography>
    </>
  );
};

const Schedule = () => {
  const record = useRecordContext<JobQueueRecord>();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.schedule) return <>{translate('portal.jobs.when_needed')}</>;
  return (
    <span title={record.schedule.cron}>
      {record.schedule.summary} ({record.schedule.time_zone})
    </span>
  );
};

/** Waiting and running jobs, with a bar while there are any so a run's progress is visible. */
const Progress = () => {
  const record = useRecordContext<JobQueueRecord>();
  const translate = useTranslate();
  if (!record) return null;
  if (!isBusy(record)) return <>{translate('portal.jobs.idle')}</>;
  return (
    <Box sx={{ minWidth: 160 }}>
      {translate('portal.jobs.busy', { waiting: record.waiting, active: record.active })}
      <LinearProgress aria-label={translate('portal.jobs.progress_label', { queue: record.id })} sx={{ mt: 0.5 }} />
    </Box>
  );
};

/** Sends one job command, says how it went, and re-reads the page either way. */
function useJobCommand() {
  const notify = useNotify();
  const refresh = useRefresh();
  const [sending, setSending] = useState(false);
  const send = async (command: () => Promise<unknown>, success: { message: string; args: Record<string, string> }) => {
    setSending(true);
    try {
      await command();
      notify(success.message, { type: 'info', messageArgs: success.args });
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setSending(false);
      refresh();
    }
  };
  return { sending, send };
}

const RunNowButton = () => {
  const record = useRecordContext<JobQueueRecord>();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const { sending, send } = useJobCommand();
  if (!record?.on_demand) return null;
  const run = () => send(() => dataProvider.runJobNow({ queue: record.id }), { message: 'portal.jobs.run_queued', args: { queue: record.id } });
  return <Button label="portal.jobs.run_now" startIcon={<PlayArrowIcon />} onClick={run} disabled={sending || isBusy(record)} />;
};

const RetryButton = () => {
  const record = useRecordContext<FailedJobRecord>();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const { sending, send } = useJobCommand();
  if (!record) return null;
  const retry = () => send(() => dataProvider.retryFailedJob({ id: record.id }), { message: 'portal.jobs.retried', args: { queue: record.queue } });
  return <Button label="portal.jobs.retry" startIcon={<ReplayIcon />} onClick={retry} disabled={sending} />;
};

const FailedJobsHeading = () => {
  const translate = useTranslate();
  const { total } = useListContext();
  return (
    <Box sx={{ px: 2, pt: 2 }}>
      <Typography variant="h6" component="h2">
        {translate('portal.jobs.failed_title', { smart_count: total ?? 0 })}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('portal.jobs.failed_intro')}
      </Typography>
    </Box>
  );
};

/** Jobs left failed after their last attempt: the dead letters, each with its reason and a retry. */
const FailedJobs = () => {
  const translate = useTranslate();
  return (
    <List
      resource="failed-jobs"
      title={false}
      disableSyncWithLocation
      storeKey={false}
      exporter={false}
      actions={false}
      empty={false}
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />}
      sx={{ mt: 3 }}
    >
      <FailedJobsHeading />
      <DataTable bulkActionButtons={false} rowClick={false} empty={<EmptyState icon={<TaskAltIcon />} title={translate('portal.jobs.failed_empty')} />}>
        <DataTable.Col source="failed_at" field={DateTimeField} />
        <DataTable.Col source="queue" disableSort />
        <DataTable.Col source="attempts" disableSort />
        <DataTable.Col source="reason" disableSort />
        <DataTable.Col source="created_at" field={DateTimeField} disableSort />
        <DataTable.Col label="portal.list.actions" disableSort>
          <CanAccess action="retry" resource="failed-jobs">
            <RetryButton />
          </CanAccess>
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

/**
 * The admins' view of the background jobs: each queue's schedule and counts, a run of the
 * credential expiry on demand (its progress shown while it works), and the failed jobs below.
 */
export const JobQueueList = () => {
  const translate = useTranslate();
  return (
    <>
      <List exporter={false} pagination={false} actions={false} empty={false} queryOptions={{ refetchInterval: pollWhileBusy }}>
        <Alert severity="info" sx={{ m: 2 }}>
          {translate('portal.jobs.intro')}
        </Alert>
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="id" label="resources.job-queues.fields.id" disableSort>
            <QueueName />
          </DataTable.Col>
          <DataTable.Col source="schedule" disableSort>
            <Schedule />
          </DataTable.Col>
          <DataTable.Col source="waiting" label="resources.job-queues.fields.progress" disableSort>
            <Progress />
          </DataTable.Col>
          <DataTable.NumberCol source="completed" disableSort />
          <DataTable.NumberCol source="failed" disableSort />
          <DataTable.Col source="last_completed_at" field={DateTimeField} disableSort />
          <DataTable.Col label="portal.list.actions" disableSort>
            <CanAccess action="run" resource="job-queues">
              <RunNowButton />
            </CanAccess>
          </DataTable.Col>
        </DataTable>
      </List>
      <FailedJobs />
    </>
  );
};
