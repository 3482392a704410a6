import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { HttpError } from 'react-admin';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { JobQueueList } from './JobQueueList.tsx';

const ADMIN = { 'job-queues': ['list', 'run'], 'failed-jobs': ['list', 'retry'] };

const expiryQueue = (counts: { waiting: number; active: number; completed: number }) => ({
  id: 'expire-credentials',
  description: 'Finds activation codes and password links past their expiry',
  schedule: { cron: '0 2 * * *', time_zone: 'America/New_York', summary: 'Every night at 2:00 a.m.' },
  on_demand: true,
  retry_limit: 3,
  failed: 0,
  last_completed_at: null,
  ...counts,
});
const sendQueue = {
  id: 'send-message',
  description: 'Sends one message to a patient',
  schedule: null,
  on_demand: false,
  retry_limit: 6,
  waiting: 0,
  active: 0,
  completed: 12,
  failed: 1,
  last_completed_at: '2026-11-30T15:00:00Z',
};
const failedSend = {
  id: '5b1c3c8e-8f43-4bb4-9c55-0f2d1e6f1a10',
  queue: 'send-message',
  attempts: 7,
  reason: 'The mail server refused the message (ECONNREFUSED)',
  created_at: '2026-11-30T14:00:00Z',
  failed_at: '2026-11-30T15:10:00Z',
};

describe('JobQueueList', () => {
  it('when an admin runs the expiry now, then the page follows its progress until nothing waits', async () => {
    // The server's counts as the run goes: queued, working, done.
    const states = [
      { waiting: 0, active: 0, completed: 0 },
      { waiting: 1, active: 0, completed: 0 },
      { waiting: 40, active: 5, completed: 1 },
      { waiting: 0, active: 0, completed: 46 },
    ];
    let step = 0;
    const getList = vi.fn(async (resource: string) => {
      if (resource === 'failed-jobs') return { data: [], total: 0 };
      const counts = states[Math.min(step, states.length - 1)];
      if (step > 0) step += 1;
      return { data: [expiryQueue(counts), sendQueue], total: 2 };
    });
    const runJobNow = vi.fn(async () => {
      step = 1;
      return { data: { job_id: 'f1c2' } };
    });
    const view = renderInAdmin(<JobQueueList />, {
      dataProvider: fakeDataProvider({ getList, runJobNow } as never),
      authProvider: fakeAuthProvider(ADMIN),
      resource: 'job-queues',
    });
    const user = userEvent.setup();

    const expiryRow = (await screen.findByText('expire-credentials')).closest('tr')!;
    expect(within(expiryRow).getByText('Every night at 2:00 a.m. (America/New_York)')).toBeInTheDocument();
    const sendRow = screen.getByText('send-message').closest('tr')!;
    expect(within(sendRow).getByText('When needed')).toBeInTheDocument();
    expect(await screen.findByText('No failed jobs.')).toBeInTheDocument();

    await user.click(await within(expiryRow).findByRole('button', { name: 'Run now' }));
    // Only the expiry can be started by hand.
    expect(within(sendRow).queryByRole('button', { name: 'Run now' })).not.toBeInTheDocument();
    expect(runJobNow).toHaveBeenCalledWith({ queue: 'expire-credentials' });
    expect(await screen.findByText(/A run of expire-credentials is queued/)).toBeInTheDocument();
    expect(await screen.findByRole('progressbar', { name: 'expire-credentials at work' })).toBeInTheDocument();
    expect(await screen.findByText('40 waiting, 5 running', {}, { timeout: 5000 })).toBeInTheDocument();
    // Once nothing waits the bar goes and the polling stops.
    expect(await within(screen.getByText('expire-credentials').closest('tr')!).findByText('46', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    const readsWhenDone = getList.mock.calls.filter(([resource]) => resource === 'job-queues').length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(getList.mock.calls.filter(([resource]) => resource === 'job-queues')).toHaveLength(readsWhenDone);
    view.unmount();
  }, 15_000);

  it('when a job failed on every attempt, then its reason shows and a retry takes it off the list', async () => {
    let failed = [failedSend];
    const getList = vi.fn(async (resource: string) => (resource === 'failed-jobs' ? { data: failed, total: failed.length } : { data: [sendQueue], total: 1 }));
    const retryFailedJob = vi.fn(async () => {
      failed = [];
      return { data: { ...failedSend, state: 'retry' } };
    });
    const view = renderInAdmin(<JobQueueList />, {
      dataProvider: fakeDataProvider({ getList, retryFailedJob } as never),
      authProvider: fakeAuthProvider(ADMIN),
      resource: 'job-queues',
    });
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { name: 'Failed jobs (1)' })).toBeInTheDocument();
    const row = screen.getByText(failedSend.reason).closest('tr')!;
    expect(within(row).getByText('7')).toBeInTheDocument();
    await user.click(await within(row).findByRole('button', { name: 'Retry' }));

    expect(retryFailedJob).toHaveBeenCalledWith({ id: failedSend.id });
    expect(await screen.findByText('The send-message job will be tried again within seconds.')).toBeInTheDocument();
    expect(await screen.findByText('No failed jobs.')).toBeInTheDocument();
    view.unmount();
  });

  it('when the run is refused because one already waits, then the server’s reason is shown', async () => {
    const getList = vi.fn(async (resource: string) =>
      resource === 'failed-jobs' ? { data: [], total: 0 } : { data: [expiryQueue({ waiting: 0, active: 0, completed: 0 })], total: 1 },
    );
    const runJobNow = vi.fn(async () => {
      throw new HttpError('Conflict', 409, { code: 'already_waiting', message: 'A run of expire-credentials is already waiting to start.' });
    });
    const view = renderInAdmin(<JobQueueList />, {
      dataProvider: fakeDataProvider({ getList, runJobNow } as never),
      authProvider: fakeAuthProvider(ADMIN),
      resource: 'job-queues',
    });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Run now' }));
    expect(await screen.findByText('A run of expire-credentials is already waiting to start.')).toBeInTheDocument();
    view.unmount();
  });
});
