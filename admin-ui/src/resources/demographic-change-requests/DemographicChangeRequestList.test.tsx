import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DemographicChangeRequest } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { DemographicChangeRequestList } from './DemographicChangeRequestList.tsx';

const ROI = { 'demographic-change-requests': ['list', 'show', 'edit'] };

const row = (id: number, overrides: Partial<DemographicChangeRequest> = {}): DemographicChangeRequest => ({
  id,
  patient_id: 42,
  patient_mrn: '10000042',
  patient_name: 'Lindqvist, Harold',
  received_at: '2026-11-20T20:30:00Z',
  due_at: '2026-11-24T20:30:00Z',
  overdue: false,
  status: 'submitted',
  fields: ['race', 'preferred_language'],
  reviewed_at: null,
  reviewed_by_name: null,
  ...overrides,
});

function renderQueue(getList: ReturnType<typeof vi.fn>) {
  return renderInAdmin(<DemographicChangeRequestList />, {
    dataProvider: fakeDataProvider({ getList }),
    authProvider: fakeAuthProvider(ROI),
    resource: 'demographic-change-requests',
  });
}

describe('DemographicChangeRequestList', () => {
  it('when requests wait, then the queue asks for waiting ones due soonest first, names the patient and the fields, and says in words which is overdue', async () => {
    const getList = vi.fn(async () => ({
      data: [
        row(1, { overdue: true, due_at: '2026-11-18T20:30:00Z', fields: ['address', 'phone'] }),
        row(2, { patient_id: 43, patient_name: 'Nguyen, Tam', patient_mrn: '10000043', fields: ['gender_identity'] }),
      ],
      total: 2,
    }));
    const view = renderQueue(getList);

    const link = await screen.findByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' });
    expect(link).toHaveAttribute('href', '/demographic-change-requests/1/show');
    const overdue = link.closest('tr')!;
    expect(within(overdue).getByText('Overdue')).toBeInTheDocument();
    expect(within(overdue).getByText('Address, Phone')).toBeInTheDocument();
    // In the organization's zone, once the signed-in identity (which names it) has loaded.
    expect(await within(overdue).findByText(/Nov 18, 2026, 3:30 PM EST/)).toBeInTheDocument();
    expect(await within(overdue).findByText('Nov 20, 2026, 3:30 PM EST')).toBeInTheDocument();
    expect(within(overdue).getByText('Waiting for review')).toBeInTheDocument();

    const onTime = screen.getByRole('link', { name: 'Nguyen, Tam (MRN 10000043)' }).closest('tr')!;
    expect(within(onTime).getByText('Gender identity')).toBeInTheDocument();
    expect(within(onTime).queryByText('Overdue')).not.toBeInTheDocument();

    expect(getList).toHaveBeenCalledWith(
      'demographic-change-requests',
      expect.objectContaining({ filter: { status: 'submitted' }, sort: { field: 'due_at', order: 'ASC' } }),
    );
    view.unmount();
  });

  it('when nothing is waiting, then the queue says so plainly and keeps its filters', async () => {
    const view = renderQueue(vi.fn(async () => ({ data: [], total: 0 })));
    expect(await screen.findByText('No demographic changes waiting')).toBeInTheDocument();
    expect(screen.getByRole('search', { name: 'Filter demographic change requests' })).toBeInTheDocument();
    view.unmount();
  });

  it('when a reviewer asks for overdue ones of any status, then the queue is asked again only on "Search", and "Clear" brings back the waiting ones', async () => {
    const getList = vi.fn(async () => ({ data: [row(1)], total: 1 }));
    const view = renderQueue(getList);
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' });
    const form = screen.getByRole('search', { name: 'Filter demographic change requests' });

    await user.click(within(form).getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Any status' }));
    await user.click(within(form).getByRole('checkbox', { name: 'Overdue only' }));
    expect(getList).not.toHaveBeenCalledWith('demographic-change-requests', expect.objectContaining({ filter: { overdue: true } }));

    await user.click(within(form).getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(getList).toHaveBeenLastCalledWith('demographic-change-requests', expect.objectContaining({ filter: { overdue: true } })));

    await user.click(within(form).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(getList).toHaveBeenLastCalledWith('demographic-change-requests', expect.objectContaining({ filter: { status: 'submitted' } })));
    expect(within(form).getByRole('checkbox', { name: 'Overdue only' })).not.toBeChecked();
    view.unmount();
  });
});
