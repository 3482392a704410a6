import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { IdentityCheckCaseDetail } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { IdentityCheckEdit } from './IdentityCheckEdit.tsx';

const chart = { mrn: '10000013', family_name: "O'Brien", given_name: 'Maeve', date_of_birth: '1966-06-06', email: 'maeve@example.com', phone: '860-555-0100' };

const openCase = (id: number, overrides: Partial<IdentityCheckCaseDetail> = {}): IdentityCheckCaseDetail => ({
  id,
  reported_at: '2026-11-30T15:00:00Z',
  family_name: 'OBRIEN',
  given_name: 'Maeve',
  date_of_birth: '1966-06-06',
  email: null,
  phone: '203-555-0148',
  reason: 'The phone number given does not match the one on the credit file',
  patient_id: 13,
  patient_mrn: '10000013',
  status: 'open',
  resolved_at: null,
  resolved_by_name: null,
  resolution: null,
  version: 1,
  due_at: '2026-12-01T15:00:00Z',
  overdue: false,
  chart,
  next_open_id: null,
  ...overrides,
});

function renderCase(id: number, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/identity-check-failures/:id" element={<IdentityCheckEdit />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider(methods as never),
      authProvider: fakeAuthProvider({ 'identity-check-failures': ['list', 'show', 'edit'] }),
      path: `/identity-check-failures/${id}`,
      resource: 'identity-check-failures',
    },
  );
}

const rowOf = (table: HTMLElement, field: string) => within(table).getByRole('rowheader', { name: field }).closest('tr')!;

describe('IdentityCheckEdit', () => {
  it('when a case matches a patient, then the report and the chart stand side by side, field by field, each difference said in words', async () => {
    const view = renderCase(1, { getOne: vi.fn(async () => ({ data: openCase(1) })) });

    const table = await screen.findByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'On the chart (MRN 10000013)' })).toBeInTheDocument();
    const phone = rowOf(table, 'Phone');
    expect(within(phone).getByText('203-555-0148')).toBeInTheDocument();
    expect(within(phone).getByText('860-555-0100')).toBeInTheDocument();
    expect(within(phone).getByText('Differs')).toBeInTheDocument();
    expect(within(rowOf(table, 'Family name')).getByText('Same name, spelt differently')).toBeInTheDocument();
    expect(within(rowOf(table, 'Given name')).getByText('Same')).toBeInTheDocument();
    // Dates in words, on both sides.
    expect(within(rowOf(table, 'Date of birth')).getAllByText('June 6, 1966')).toHaveLength(2);
    expect(within(rowOf(table, 'Email')).getByText('Not given in the portal')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open the patient \(MRN 10000013\)/ })).toBeInTheDocument();
    view.unmount();
  });

  it('when support resolves a case, then the next open case of the queue opens with a notice of what was saved; resolving the last one keeps its page', async () => {
    const cases: Record<number, IdentityCheckCaseDetail> = {
      1: openCase(1, { next_open_id: 2 }),
      2: openCase(2, { family_name: 'Whitcombe', given_name: 'Dolores', patient_id: null, patient_mrn: null, chart: null }),
    };
    const getOne = vi.fn(async (_resource: string, { id }: { id: number }) => ({ data: cases[id] }));
    const update = vi.fn(async (_resource: string, { id, data }: { id: number; data: { resolution: string } }) => {
      cases[id] = {
        ...cases[id],
        status: 'resolved',
        resolution: data.resolution,
        resolved_at: '2026-12-01T16:00:00Z',
        resolved_by_name: 'Sam Porter',
        version: 2,
        next_open_id: Number(id) === 1 ? 2 : null,
      };
      return { data: cases[id] };
    });
    const view = renderCase(1, { getOne, update });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /What was done/ }), 'Confirmed; code issued.');
    await user.click(screen.getByRole('button', { name: 'Resolve' }));

    expect(
      await screen.findByText('Saved: the case of Maeve OBRIEN is resolved (“Confirmed; code issued.”). The next open case is shown.'),
    ).toBeInTheDocument();
    expect(update).toHaveBeenCalledWith('identity-check-failures', expect.objectContaining({ data: { version: 1, resolution: 'Confirmed; code issued.' } }));
    // The next case, unmatched: the report alone, and what to do.
    expect(await screen.findByText(/No single patient matches this name and birth date/)).toBeInTheDocument();
    expect(within(screen.getByRole('table')).getByText('Whitcombe')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: /What was done/ }), 'Not our patient.');
    await user.click(screen.getByRole('button', { name: 'Resolve' }));
    expect(await screen.findByText(/No other case is open\./)).toBeInTheDocument();
    // Still on that case, now resolved: who, when and what.
    await waitFor(() => expect(screen.getByText(/Resolved Dec 1, 2026, 11:00 AM EST by Sam Porter/)).toBeInTheDocument());
    expect(screen.getByText('Not our patient.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Resolve' })).not.toBeInTheDocument();
    view.unmount();
  });
});
