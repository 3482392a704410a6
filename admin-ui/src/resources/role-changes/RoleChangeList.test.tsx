import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { RoleChangeList } from './RoleChangeList.tsx';

const rows = [
  {
    id: 31,
    occurred_at: '2026-11-30T15:00:00Z',
    change: 'refused',
    outcome: 'denied',
    role: null,
    staff_user_id: 2,
    staff_username: 'ada',
    staff_display_name: 'Ada Admin',
    changed_by_username: 'ada',
    changed_by_roles: ['admin'],
    reason: 'own_roles',
    requested_roles: ['admin', 'clinical'],
    client_address: '10.0.0.4',
  },
  {
    id: 30,
    occurred_at: '2026-11-30T14:00:00Z',
    change: 'granted',
    outcome: 'success',
    role: 'clinical',
    staff_user_id: 8,
    staff_username: 'nora.nurse',
    staff_display_name: 'Nora Nurse, RN',
    changed_by_username: 'ada',
    changed_by_roles: ['admin'],
    reason: null,
    requested_roles: null,
    client_address: '10.0.0.4',
  },
];

describe('RoleChangeList', () => {
  it('when the privacy office opens the report, then each change reads in plain words, refused attempts stand out, and it can be exported', async () => {
    const getList = vi.fn(async () => ({ data: rows, total: rows.length }));
    const view = renderInAdmin(<RoleChangeList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider({ 'role-changes': ['list', 'export'] }),
      path: '/role-changes',
      resource: 'role-changes',
    });

    const refused = (await screen.findByText('Tried to change their own roles')).closest('tr')!;
    expect(within(refused).getByText('Refused')).toBeInTheDocument();
    expect(within(refused).getByText(/asked for Administrator, Clinical/)).toBeInTheDocument();
    expect(within(refused).getByText('Ada Admin')).toBeInTheDocument();
    const granted = screen.getByText('Nora Nurse, RN').closest('tr')!;
    expect(within(granted).getByText('Granted')).toBeInTheDocument();
    expect(within(granted).getByText('Clinical')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith('role-changes', expect.objectContaining({ sort: { field: 'occurred_at', order: 'DESC' } }));
    view.unmount();
  });

  it('when a day range is typed, then the report is read once, on Search, from the first day’s midnight to the end of the last in the organization’s zone', async () => {
    const getList = vi.fn(async () => ({ data: rows, total: rows.length }));
    const view = renderInAdmin(<RoleChangeList />, {
      dataProvider: fakeDataProvider({ getList }),
      authProvider: fakeAuthProvider({ 'role-changes': ['list', 'export'] }),
      path: '/role-changes',
      resource: 'role-changes',
    });
    const user = userEvent.setup();
    await screen.findByText('Nora Nurse, RN');
    const reads = getList.mock.calls.length;

    await user.type(screen.getByRole('textbox', { name: 'From (date)' }), '7/1/2026');
    await user.type(screen.getByRole('textbox', { name: 'Until (date, inclusive)' }), '07/31/2026');
    expect(getList).toHaveBeenCalledTimes(reads);
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await waitFor(() =>
      expect(getList).toHaveBeenLastCalledWith(
        'role-changes',
        expect.objectContaining({ filter: { occurred_after: '2026-07-01T04:00:00.000Z', occurred_before: '2026-08-01T04:00:00.000Z' } }),
      ),
    );
    expect(getList).toHaveBeenCalledTimes(reads + 1);
    view.unmount();
  });
});
