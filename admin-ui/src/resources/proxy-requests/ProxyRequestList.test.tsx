import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ProxyRequest } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ProxyRequestList } from './ProxyRequestList.tsx';

const ROI = { 'proxy-requests': ['list', 'show', 'edit'] };

const row = (id: number, overrides: Partial<ProxyRequest> = {}): ProxyRequest => ({
  id,
  submitted_at: '2026-11-20T20:30:00Z',
  status: 'submitted',
  kind: 'adult',
  relationship: 'power_of_attorney',
  requester_name: 'Okafor, Rita',
  requester_username: 'rita.okafor',
  patient_id: 42,
  patient_name: 'Lindqvist, Harold',
  patient_mrn: '10000042',
  due_at: '2026-11-24T20:30:00Z',
  overdue: false,
  assignee_id: null,
  assignee_name: null,
  documents: 1,
  version: 1,
  ...overrides,
});

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

function renderQueue(getList: ReturnType<typeof vi.fn>) {
  return renderInAdmin(<ProxyRequestList />, {
    dataProvider: fakeDataProvider({ getList }),
    authProvider: fakeAuthProvider(ROI),
    resource: 'proxy-requests',
  });
}

describe('ProxyRequestList', () => {
  it('when requests are open, then the queue asks for open ones due soonest first and says in words which is overdue and which waits on the requester', async () => {
    const getList = vi.fn(async () => ({
      data: [
        row(1, { overdue: true, due_at: '2026-11-18T20:30:00Z', assignee_id: 3, assignee_name: 'Rosa Ortiz' }),
        row(2, {
          kind: 'minor',
          relationship: 'parent',
          patient_name: 'Nguyen, Tam',
          patient_id: null,
          patient_mrn: null,
          documents: 0,
        }),
        row(3, { patient_name: 'Brennan, Aoife', patient_mrn: '10000077', status: 'more_info_requested', due_at: null }),
      ],
      total: 3,
    }));
    const view = renderQueue(getList);

    const overdue = (await screen.findByText('Lindqvist, Harold (MRN 10000042)')).closest('tr')!;
    expect(within(overdue).getByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' })).toHaveAttribute('href', '/proxy-requests/1/show');
    expect(within(overdue).getByText('Overdue')).toBeInTheDocument();
    expect(within(overdue).getByText(/Nov 18, 2026, 3:30 PM EST/)).toBeInTheDocument();
    expect(within(overdue).getByText('Power of attorney — adult')).toBeInTheDocument();
    expect(within(overdue).getByText('Rosa Ortiz')).toBeInTheDocument();
    // Unmatched: the name as the requester gave it, no MRN; not overdue.
    const unmatched = rowOf('Nguyen, Tam');
    expect(within(unmatched).getByText('Parent — minor')).toBeInTheDocument();
    expect(within(unmatched).getByText('Waiting for a decision')).toBeInTheDocument();
    expect(within(unmatched).getByText('Unassigned')).toBeInTheDocument();
    expect(within(unmatched).queryByText('Overdue')).not.toBeInTheDocument();
    // The clock is paused while ROI waits on the requester: no due time, and no "overdue".
    const waiting = rowOf('Brennan, Aoife (MRN 10000077)');
    expect(within(waiting).getByText('More information asked for')).toBeInTheDocument();
    expect(within(waiting).getByText('Waiting on the requester')).toBeInTheDocument();
    expect(within(waiting).queryByText('Overdue')).not.toBeInTheDocument();

    expect(getList).toHaveBeenCalledWith('proxy-requests', expect.objectContaining({ filter: { open: true }, sort: { field: 'due_at', order: 'ASC' } }));
    view.unmount();
  });

  it('when nothing is waiting, then the queue says so plainly', async () => {
    const view = renderQueue(vi.fn(async () => ({ data: [], total: 0 })));
    expect(await screen.findByText('No proxy requests waiting')).toBeInTheDocument();
    expect(screen.getByRole('search', { name: 'Filter proxy requests' })).toBeInTheDocument();
    view.unmount();
  });

  it('when a reviewer changes the filters, then the queue is asked again only on "Search": overdue ones of minors assigned to them', async () => {
    const getList = vi.fn(async () => ({ data: [row(1)], total: 1 }));
    const view = renderQueue(getList);
    const user = userEvent.setup();
    await screen.findByText('Lindqvist, Harold (MRN 10000042)');
    const form = screen.getByRole('search', { name: 'Filter proxy requests' });

    await user.click(within(form).getByRole('combobox', { name: 'Patient is' }));
    await user.click(await screen.findByRole('option', { name: 'A minor (under 18)' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Overdue only' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Assigned to me' }));
    expect(getList).not.toHaveBeenCalledWith('proxy-requests', expect.objectContaining({ filter: expect.objectContaining({ kind: 'minor' }) }));

    await user.click(within(form).getByRole('button', { name: 'Search' }));
    // The signed-in person is staff user 7 (test-utils).
    await waitFor(() =>
      expect(getList).toHaveBeenLastCalledWith(
        'proxy-requests',
        expect.objectContaining({ filter: { open: true, kind: 'minor', overdue: true, assignee_id: 7 } }),
      ),
    );

    await user.click(within(form).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(getList).toHaveBeenLastCalledWith('proxy-requests', expect.objectContaining({ filter: { open: true } })));
    expect(within(form).getByRole('checkbox', { name: 'Overdue only' })).not.toBeChecked();
    view.unmount();
  });
});
