import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { SettingEdit } from './SettingEdit.tsx';

const idleMinutes = {
  id: 'session.idle_minutes',
  value: 15,
  description: 'Staff sessions end after this many idle minutes',
  updated_at: '2026-11-20T15:00:00Z',
  updated_by_username: null,
  version: 2,
};

function renderEdit(update: ReturnType<typeof vi.fn>) {
  return renderInAdmin(
    <Routes>
      <Route path="/settings/:id" element={<SettingEdit />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: idleMinutes })), update }),
      authProvider: fakeAuthProvider({ settings: ['list', 'show', 'edit'] }),
      path: '/settings/session.idle_minutes',
      resource: 'settings',
    },
  );
}

describe('SettingEdit', () => {
  it('when a number setting is changed, then only the new number and the version read are sent', async () => {
    const update = vi.fn(async () => ({ data: { ...idleMinutes, value: 10, version: 3 } }));
    const view = renderEdit(update);
    const user = userEvent.setup();
    expect(await screen.findByText(idleMinutes.description)).toBeInTheDocument();
    const value = screen.getByRole('spinbutton', { name: 'Value' });

    await user.clear(value);
    await user.type(value, '10');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await vi.waitFor(() => expect(update).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith('settings', expect.objectContaining({ id: 'session.idle_minutes', data: { value: 10, version: 2 } }));
    view.unmount();
  });

  it('when the server refuses the value, then its reason shows on the field and the typed value stays', async () => {
    const refusal = { code: 'validation_failed', message: 'The value is not valid.', errors: { value: 'at most 60 minutes' } };
    const update = vi.fn(async () => Promise.reject(new HttpError(refusal.message, 400, refusal)));
    const view = renderEdit(update);
    const user = userEvent.setup();
    const value = await screen.findByRole('spinbutton', { name: 'Value' });

    await user.clear(value);
    await user.type(value, '90');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('at most 60 minutes')).toBeInTheDocument();
    expect(screen.getByRole('spinbutton', { name: 'Value' })).toHaveValue(90);
    view.unmount();
  });
});
