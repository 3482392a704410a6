import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { StaffUserCreate } from './StaffUserCreate.tsx';

const permissions = { 'staff-users': ['list', 'show', 'create', 'edit', 'deactivate', 'reactivate', 'reset-password'] };

function renderCreate(create: (...args: unknown[]) => Promise<unknown>) {
  const createMock = vi.fn(create);
  const view = renderInAdmin(
    <Routes>
      <Route path="/staff-users/create" element={<StaffUserCreate />} />
      <Route path="/staff-users/:id/show" element={<p>staff user page</p>} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ create: createMock }),
      authProvider: fakeAuthProvider(permissions),
      path: '/staff-users/create',
      resource: 'staff-users',
    },
  );
  return { view, create: createMock, user: userEvent.setup() };
}

async function fillForm(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByRole('textbox', { name: /Username/ }), 'nora.nurse');
  await user.type(screen.getByRole('textbox', { name: /Display name/ }), 'Nora Nurse, RN');
  await user.click(screen.getByRole('checkbox', { name: /Clinical/ }));
  await user.click(screen.getByRole('button', { name: 'Save' }));
}

describe('StaffUserCreate', () => {
  it('when a staff user is created, then the one-time password link is shown once with its expiry, then their page opens', async () => {
    const { view, create, user } = renderCreate(async () => ({
      data: {
        id: 42,
        username: 'nora.nurse',
        display_name: 'Nora Nurse, RN',
        roles: ['clinical'],
        password_link: { url: 'http://localhost:3000/#/set-password?token=abc', expires_at: '2026-11-26T15:00:00Z' },
      },
    }));

    await fillForm(user);

    expect(await screen.findByRole('dialog', { name: 'Nora Nurse, RN can now choose a password' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'One-time password link' })).toHaveValue('http://localhost:3000/#/set-password?token=abc');
    expect(screen.getByText(/You will not see this link again/)).toBeInTheDocument();
    expect(screen.getByText(/Valid until Nov 26, 2026, 10:00 AM EST/)).toBeInTheDocument();
    expect(create).toHaveBeenCalledWith(
      'staff-users',
      expect.objectContaining({ data: { username: 'nora.nurse', display_name: 'Nora Nurse, RN', roles: ['clinical'] } }),
    );
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('staff user page')).toBeInTheDocument();
    view.unmount();
  });

  it('when the username is taken, then a sentence naming the username shows under it and the form stays', async () => {
    const body = {
      code: 'username_taken',
      message: 'That username is already taken.',
      errors: { username: 'is already taken: choose another', root: { serverError: 'That username is already taken.' } },
    };
    const { view, user } = renderCreate(async () => Promise.reject(new HttpError(body.message, 409, body)));

    await fillForm(user);

    expect(await screen.findByText('Username is already taken: choose another.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Username/ })).toHaveValue('nora.nurse'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    view.unmount();
  });
});
