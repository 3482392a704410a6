import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { StaffUserShow } from './StaffUserShow.tsx';

const staffUser = {
  id: 42,
  username: 'nora.nurse',
  display_name: 'Nora Nurse, RN',
  roles: ['clinical'],
  active: true,
  password_set: true,
  deactivated_at: null,
  deactivated_by_username: null,
  deactivation_reason: null,
  last_sign_in_at: null,
  created_at: '2026-11-20T15:00:00Z',
  updated_at: '2026-11-20T15:00:00Z',
  version: 3,
};

function renderShow(record: typeof staffUser, permissions: Record<string, string[]>) {
  const view = renderInAdmin(
    <Routes>
      <Route path="/staff-users/:id/show" element={<StaffUserShow />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: record })) }),
      authProvider: fakeAuthProvider(permissions),
      path: '/staff-users/42/show',
      resource: 'staff-users',
    },
  );
  return view;
}

const admin = { 'staff-users': ['list', 'show', 'create', 'edit', 'deactivate', 'reactivate', 'reset-password'] };

describe('StaffUserShow', () => {
  it('when an admin opens an active staff user, then Edit, Password link and Deactivate show, Reactivate does not', async () => {
    const view = renderShow(staffUser, admin);

    expect(await screen.findByRole('button', { name: 'Deactivate' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Password link' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reactivate' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the staff user is deactivated, then the reason shows and only Reactivate is offered', async () => {
    const view = renderShow({ ...staffUser, active: false, deactivated_by_username: 'admin', deactivation_reason: 'Left the hospital' } as never, admin);

    expect(await screen.findByText('Deactivated by admin. Reason: Left the hospital')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Reactivate' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Deactivate' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Password link' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the role may only read staff users, then no action button is offered', async () => {
    const view = renderShow(staffUser, { 'staff-users': ['list', 'show'] });

    expect(await screen.findByText('nora.nurse')).toBeInTheDocument();
    await screen.findByText('Nora Nurse, RN');
    expect(screen.queryByRole('button', { name: 'Deactivate' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Password link' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    view.unmount();
  });
});
