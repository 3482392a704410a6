import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin, testIdentity } from '../../test-utils.tsx';
import { StaffUserEdit } from './StaffUserEdit.tsx';

const staffUser = {
  id: 42,
  username: 'nora.nurse',
  display_name: 'Nora Nurse, RN',
  roles: ['clinical'],
  active: true,
  password_set: true,
  last_sign_in_at: null,
  created_at: '2026-11-20T15:00:00Z',
  updated_at: '2026-11-20T15:00:00Z',
  version: 3,
};

const stale = {
  code: 'stale_version',
  message: 'Nora Nurse, RN was changed by someone else since you opened it (version 4, yours 3). Reload to see the change, then edit again.',
};

function renderEdit(record: typeof staffUser, update = vi.fn()) {
  return renderInAdmin(
    <Routes>
      <Route path="/staff-users/:id" element={<StaffUserEdit />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: record })), update }),
      authProvider: fakeAuthProvider({ 'staff-users': ['list', 'show', 'edit'] }),
      path: `/staff-users/${record.id}`,
      resource: 'staff-users',
    },
  );
}

describe('StaffUserEdit', () => {
  it('when an admin opens their own account, then the roles cannot be changed and the form says why; the name still can', async () => {
    const update = vi.fn(async () => ({ data: { ...staffUser, id: Number(testIdentity.id), roles: ['admin'], display_name: 'Casey C.' } }));
    const view = renderEdit({ ...staffUser, id: Number(testIdentity.id), roles: ['admin'] }, update);
    // Clicks go through even where the page blocks pointer events: the box must still not tick.
    const user = userEvent.setup({ pointerEventsCheck: 0 });

    expect(await screen.findByText('Nobody can change their own roles: ask another administrator.')).toBeInTheDocument();
    const clinical = screen.getByRole('checkbox', { name: /Clinical/ });
    await user.click(clinical);
    expect(clinical).not.toBeChecked();
    const displayName = screen.getByRole('textbox', { name: /Display name/ });
    await user.clear(displayName);
    await user.type(displayName, 'Casey C.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() =>
      expect(update).toHaveBeenCalledWith('staff-users', expect.objectContaining({ data: { display_name: 'Casey C.', roles: ['admin'], version: 3 } })),
    );
    view.unmount();
  });

  it('when admin is ticked beside a role that reads patient data, then the form refuses before saving and says why', async () => {
    const update = vi.fn();
    const view = renderEdit(staffUser, update);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('checkbox', { name: /Administrator/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/the administrator role cannot be combined with another role/)).toBeInTheDocument();
    expect(update).not.toHaveBeenCalled();
    view.unmount();
  });

  it('when someone else saved first, then the server’s 409 message shows and the typed changes stay in the form', async () => {
    const update = vi.fn(async () => Promise.reject(new HttpError(stale.message, 409, stale)));
    const view = renderInAdmin(
      <Routes>
        <Route path="/staff-users/:id" element={<StaffUserEdit />} />
      </Routes>,
      {
        dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: staffUser })), update }),
        authProvider: fakeAuthProvider({ 'staff-users': ['list', 'show', 'edit'] }),
        path: '/staff-users/42',
        resource: 'staff-users',
      },
    );
    const user = userEvent.setup();
    const displayName = await screen.findByRole('textbox', { name: /Display name/ });

    await user.clear(displayName);
    await user.type(displayName, 'Nora Nurse, RN, BSN');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(stale.message)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Display name/ })).toHaveValue('Nora Nurse, RN, BSN');
    expect(update).toHaveBeenCalledWith(
      'staff-users',
      expect.objectContaining({ id: '42', data: { display_name: 'Nora Nurse, RN, BSN', roles: ['clinical'], version: 3 } }),
    );
    view.unmount();
  });
});
