import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ResultHold } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ResultReleaseQueuePage } from './ResultReleaseQueuePage.tsx';

// The release itself (its reason dialog, the API call) is the Results tab's button, tested with it;
// here only what the queue hands it matters.
const released = vi.hoisted(() => vi.fn<(resultIds: number[]) => void>());
vi.mock('../results/ReleaseResultsButton.tsx', async () => {
  const { useTranslate } = await import('react-admin');
  return {
    ReleaseResultsButton: ({ resultIds, onDone, label }: { resultIds: number[]; onDone?: () => void; label?: string }) => {
      const translate = useTranslate();
      return (
        <button
          type="button"
          onClick={() => {
            released(resultIds);
            onDone?.();
          }}
        >
          {translate(label ?? '')}
        </button>
      );
    },
  };
});

const CLINICAL = { patients: ['list', 'show'], results: ['list', 'show', 'release'], 'result-holds': ['list', 'create', 'edit', 'export'] };

const hold = (id: number, overrides: Partial<ResultHold> = {}): ResultHold => ({
  id,
  result_id: 900 + id,
  patient_id: 42,
  patient_mrn: '10000042',
  patient_name: 'Lindqvist, Harold',
  accession_number: `ACC-2026-${id}`,
  test_name: `Test ${id}`,
  basis: 'preventing_harm',
  reason: 'Result needs discussion in person.',
  placed_at: '2026-11-20T20:30:00Z',
  decided_by_name: 'Dr. Amara Okafor',
  ends_at: '2026-12-03T14:00:00Z',
  until_patient_asks: false,
  requested_on: null,
  harm_type: 'life_or_physical_safety',
  citation: null,
  category: 'chemistry',
  ended_at: null,
  ended_how: null,
  ended_by_name: null,
  end_reason: null,
  extensions: 0,
  overdue: false,
  version: 1,
  ...overrides,
});

describe('ResultReleaseQueuePage', () => {
  it('when a clinician opens the queue, then it asks for open holds due soonest first, marks the overdue one in words and shows who decided', async () => {
    const getList = vi.fn(async () => ({
      data: [hold(1, { overdue: true, ends_at: '2026-11-30T14:00:00Z' }), hold(2, { basis: 'patient_request', decided_by_name: 'Dr. Lee Park' })],
      total: 2,
    }));
    const view = renderInAdmin(<ResultReleaseQueuePage />, { dataProvider: fakeDataProvider({ getList }), authProvider: fakeAuthProvider(CLINICAL) });

    const late = (await screen.findByText('Test 1')).closest('tr')!;
    expect(within(late).getByText('Overdue')).toBeInTheDocument();
    expect(within(late).getByText('Preventing harm (45 CFR 171.201)')).toBeInTheDocument();
    expect(await within(late).findByText('Nov 30, 2026, 9:00 AM EST')).toBeInTheDocument();
    const onTime = screen.getByText('Test 2').closest('tr')!;
    expect(within(onTime).getByText('Dr. Lee Park')).toBeInTheDocument();
    expect(within(onTime).queryByText('Overdue')).not.toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith('result-holds', expect.objectContaining({ filter: { open: true }, sort: { field: 'ends_at', order: 'ASC' } }));
    view.unmount();
  });

  it('when a clinician selects two holds and presses "Release now", then their results (not the holds) are released and the selection clears', async () => {
    const getList = vi.fn(async () => ({ data: [hold(1), hold(2), hold(3)], total: 3 }));
    const view = renderInAdmin(<ResultReleaseQueuePage />, { dataProvider: fakeDataProvider({ getList }), authProvider: fakeAuthProvider(CLINICAL) });
    const user = userEvent.setup();

    const checkbox = (test: string) => within(screen.getByText(test).closest('tr')!).getByRole('checkbox');
    await screen.findByText('Test 1');
    await user.click(checkbox('Test 1'));
    await user.click(checkbox('Test 3'));
    await user.click(await screen.findByRole('button', { name: 'Release now' }));

    expect(released).toHaveBeenCalledWith([901, 903]);
    await waitFor(() => expect(checkbox('Test 1')).not.toBeChecked());
    expect(checkbox('Test 3')).not.toBeChecked();
    view.unmount();
  });

  it('when the selection spans two pages, then the results of both pages are released', async () => {
    const getList = vi.fn(async (_resource: string, { pagination }: { pagination: { page: number } }) => ({
      data: pagination.page === 1 ? [hold(1), hold(2)] : [hold(51), hold(52)],
      total: 52,
    }));
    const view = renderInAdmin(<ResultReleaseQueuePage />, { dataProvider: fakeDataProvider({ getList }), authProvider: fakeAuthProvider(CLINICAL) });
    const user = userEvent.setup();
    const checkbox = (test: string) => within(screen.getByText(test).closest('tr')!).getByRole('checkbox');

    await screen.findByText('Test 2');
    await user.click(checkbox('Test 2'));
    await user.click(screen.getByRole('button', { name: 'Go to page 2' }));
    await screen.findByText('Test 52');
    await user.click(checkbox('Test 52'));
    await user.click(screen.getByRole('button', { name: 'Release now' }));

    expect(released).toHaveBeenLastCalledWith([902, 952]);
    view.unmount();
  });

  it('when nothing is held, then the queue says so plainly', async () => {
    const view = renderInAdmin(<ResultReleaseQueuePage />, {
      dataProvider: fakeDataProvider({ getList: vi.fn(async () => ({ data: [], total: 0 })) }),
      authProvider: fakeAuthProvider(CLINICAL),
    });
    expect(await screen.findByText('No result is held now')).toBeInTheDocument();
    view.unmount();
  });
});
