import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { AuditEventList } from './AuditEventList.tsx';

const look = {
  id: 1,
  occurred_at: '2026-11-02T14:00:00Z',
  staff_user_id: 3,
  staff_username: 'frankie',
  staff_display_name: 'Frankie Desk',
  roles: ['front_desk'],
  action: 'show',
  resource: 'patients',
  resource_id: '42',
  patient_id: 42,
  patient_name: "O'CONNELL, Ada",
  patient_mrn: '10000172',
  listed_count: null,
  client_address: '10.0.0.7',
  request_id: 'r-1',
  outcome: 'success',
  details: null,
};

describe('AuditEventList', () => {
  it('when rows come back, then each reads as a sentence naming the patient and MRN, and an action nobody labelled still reads as words', async () => {
    const rows = [
      { ...look, id: 1, action: 'show', resource: 'portal-accounts' },
      {
        ...look,
        id: 2,
        action: 'sign-in-failure',
        resource: 'portal-accounts',
        staff_user_id: null,
        staff_username: 'portal:mychart',
        patient_id: null,
        patient_name: null,
        patient_mrn: null,
        outcome: 'failed',
      },
      { ...look, id: 3, action: 'search', resource: 'patients', patient_id: null, patient_name: null, patient_mrn: null, listed_count: 12 },
      { ...look, id: 4, action: 'teleport-record', resource: 'time-machines' },
    ];
    const view = renderInAdmin(<AuditEventList />, {
      dataProvider: fakeDataProvider({ getList: vi.fn(async () => ({ data: rows, total: rows.length })) }),
      authProvider: fakeAuthProvider({ 'audit-events': ['list', 'show'] }),
      resource: 'audit-events',
    });

    const table = await screen.findByRole('table');
    const cells = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((row) => within(row).getAllByRole('cell')[2].textContent);
    await waitFor(() =>
      expect(cells()).toEqual([
        "Viewed the portal account of O'CONNELL, Ada (MRN 10000172)",
        'Portal: failed sign-in',
        'Searched patients: 12 listed',
        "Teleport record (time machines) · O'CONNELL, Ada (MRN 10000172)",
      ]),
    );
    expect(screen.queryByText(/show · |portal-accounts/)).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the privacy officer types criteria, then nothing is searched until Search, days are read in the organization zone, and the patient is named by MRN', async () => {
    const getList = vi.fn(async () => ({ data: [look], total: 1 }));
    const view = renderInAdmin(<AuditEventList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider({ 'audit-events': ['list', 'show', 'export'] }),
      resource: 'audit-events',
    });
    const user = userEvent.setup();
    expect(await screen.findByText("Opened the record of O'CONNELL, Ada (MRN 10000172)")).toBeInTheDocument();
    const searchesBefore = getList.mock.calls.length;

    await user.type(screen.getByRole('textbox', { name: 'Patient MRN' }), '10000172');
    await user.type(screen.getByRole('textbox', { name: 'From (date)' }), '11/2/26');
    await user.type(screen.getByRole('textbox', { name: 'Until (date, inclusive)' }), '11/1/2026');
    expect(screen.getByText('November 2, 2026')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('The start date is after the end date.')).toBeInTheDocument();
    // Typing and a refused range asked the server nothing: each search of the audit log is an audit row.
    expect(getList).toHaveBeenCalledTimes(searchesBefore);

    await user.clear(screen.getByRole('textbox', { name: 'From (date)' }));
    await user.type(screen.getByRole('textbox', { name: 'From (date)' }), '11/01/2026{Enter}');
    // 1 November 2026 is the day New York leaves daylight time: it starts at 04:00 UTC, the 2nd at 05:00.
    await waitFor(() =>
      expect(getList).toHaveBeenLastCalledWith(
        'audit-events',
        expect.objectContaining({
          filter: { patient_mrn: '10000172', occurred_after: '2026-11-01T04:00:00.000Z', occurred_before: '2026-11-02T05:00:00.000Z' },
        }),
      ),
    );
    expect(getList).toHaveBeenCalledTimes(searchesBefore + 1);
    expect(screen.queryByRole('spinbutton', { name: /Patient id/ })).not.toBeInTheDocument();
    view.unmount();
  });
});
