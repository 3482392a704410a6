import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin, testIdentity } from '../../test-utils.tsx';
import { MessageThreadList } from './MessageThreadList.tsx';
import { threadRow } from './testThread.ts';

const TEAM = { 'message-threads': ['list', 'show', 'edit'] };
const COMPLIANCE = { 'message-threads': ['list', 'show'] };
const NOT_CLOSED = ['new', 'open', 'waiting_on_patient'];

function renderQueue(getList: ReturnType<typeof vi.fn>, roles: string[], permissions = TEAM) {
  const authProvider = fakeAuthProvider(permissions);
  authProvider.getIdentity = vi.fn(async () => ({ ...testIdentity, id: 5, roles }));
  return renderInAdmin(<MessageThreadList />, { dataProvider: fakeDataProvider({ getList }), authProvider, resource: 'message-threads' });
}

describe('MessageThreadList', () => {
  it('when billing opens its queue, then the open threads come due soonest first, overdue ones say so, paused ones say they wait on the patient', async () => {
    const getList = vi.fn(async () => ({
      data: [
        threadRow(1, { overdue: true, due_at: '2026-11-18T20:30:00Z', status: 'open', assignee_id: 9, assignee_name: 'Dana Reyes' }),
        threadRow(2, {
          patient_name: 'Nguyen, Tam',
          patient_mrn: '10000043',
          status: 'waiting_on_patient',
          due_at: null,
          business_minutes_left: 630,
          last_message_from: 'staff',
        }),
      ],
      total: 2,
    }));
    const view = renderQueue(getList, ['billing']);

    const link = await screen.findByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' });
    expect(link).toHaveAttribute('href', '/message-threads/1/show');
    const overdue = link.closest('tr')!;
    expect(within(overdue).getByText('Overdue')).toBeInTheDocument();
    expect(await within(overdue).findByText(/Nov 18, 2026, 3:30 PM EST/)).toBeInTheDocument();
    expect(within(overdue).getByText('Open')).toBeInTheDocument();
    expect(within(overdue).getByText('Dana Reyes')).toBeInTheDocument();
    expect(within(overdue).getByText('From the patient')).toBeInTheDocument();

    const paused = screen.getByRole('link', { name: 'Nguyen, Tam (MRN 10000043)' }).closest('tr')!;
    expect(within(paused).getByText('Paused: waiting on patient')).toBeInTheDocument();
    expect(within(paused).getByText('1 business day 2 h of working time left when the patient answers')).toBeInTheDocument();
    expect(within(paused).queryByText('Overdue')).not.toBeInTheDocument();
    expect(within(paused).getByText('Unassigned')).toBeInTheDocument();
    expect(within(paused).getByText('From staff')).toBeInTheDocument();

    expect(getList).toHaveBeenCalledWith(
      'message-threads',
      expect.objectContaining({ filter: { status: NOT_CLOSED }, sort: { field: 'due_at', order: 'ASC' } }),
    );
    // One queue: no topic to choose.
    const form = screen.getByRole('search', { name: 'Filter messages' });
    expect(within(form).queryByRole('combobox', { name: 'Topic' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when nothing is open in the billing queue, then it says so for billing and keeps its filters', async () => {
    const view = renderQueue(
      vi.fn(async () => ({ data: [], total: 0 })),
      ['billing'],
    );
    expect(await screen.findByText('No open billing messages')).toBeInTheDocument();
    expect(screen.getByRole('search', { name: 'Filter messages' })).toBeInTheDocument();
    view.unmount();
  });

  it('when the privacy office asks for the unassigned overdue billing threads, then the topic is offered and the API gets a null assignee', async () => {
    const getList = vi.fn(async () => ({ data: [threadRow(1)], total: 1 }));
    const view = renderQueue(getList, ['compliance'], COMPLIANCE);
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' });
    const form = screen.getByRole('search', { name: 'Filter messages' });

    await user.click(within(form).getByRole('combobox', { name: 'Topic' }));
    expect(screen.getByRole('option', { name: 'Technical support' })).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Billing' }));
    await user.click(within(form).getByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Unassigned' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Overdue only' }));
    await user.click(within(form).getByRole('button', { name: 'Search' }));

    await waitFor(() =>
      expect(getList).toHaveBeenLastCalledWith(
        'message-threads',
        expect.objectContaining({ filter: { topic: 'billing', status: NOT_CLOSED, assignee_id: null, overdue: true } }),
      ),
    );
    view.unmount();
  });
});
