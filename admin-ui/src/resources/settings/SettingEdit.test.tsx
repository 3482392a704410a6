import { screen, waitFor } from '@testing-library/react';
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

const timeZone = {
  id: 'organization.time_zone',
  value: 'America/New_York',
  description: 'The organization’s time zone',
  updated_at: '2026-11-20T15:00:00Z',
  updated_by_username: null,
  version: 1,
};

function renderEdit(update: ReturnType<typeof vi.fn>, setting: typeof idleMinutes | typeof timeZone = idleMinutes) {
  return renderInAdmin(
    <Routes>
      <Route path="/settings/:id" element={<SettingEdit />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: setting })), update }),
      authProvider: fakeAuthProvider({ settings: ['list', 'show', 'edit'] }),
      path: `/settings/${setting.id}`,
      resource: 'settings',
    },
  );
}

describe('SettingEdit', () => {
  it('when a number setting is changed, then only the new number and the version read are sent, and the notice names what was saved', async () => {
    const update = vi.fn(async () => ({ data: { ...idleMinutes, value: 10, version: 3 } }));
    const view = renderEdit(update);
    const user = userEvent.setup();
    expect(await screen.findByText(idleMinutes.description)).toBeInTheDocument();
    const value = screen.getByRole('spinbutton', { name: 'Idle sign-out (minutes)' });

    await user.clear(value);
    await user.type(value, '10');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await vi.waitFor(() => expect(update).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith('settings', expect.objectContaining({ id: 'session.idle_minutes', data: { value: 10, version: 2 } }));
    expect(await screen.findByText('Idle sign-out (minutes) saved: 10. Every server uses it within 10 seconds.')).toBeInTheDocument();
    view.unmount();
  });

  it('when the server refuses the value, then the field and the notice say so in a sentence naming the setting, and the typed value stays', async () => {
    const refusal = { code: 'validation_failed', message: 'session.idle_minutes must be at most 60 minutes.', errors: { value: 'must be at most 60 minutes' } };
    const update = vi.fn(async () => Promise.reject(new HttpError(refusal.message, 400, refusal)));
    const view = renderEdit(update);
    const user = userEvent.setup();
    const value = await screen.findByRole('spinbutton', { name: 'Idle sign-out (minutes)' });

    await user.clear(value);
    await user.type(value, '90');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const sentence = 'Idle sign-out (minutes) must be at most 60 minutes.';
    await waitFor(() => expect(screen.getAllByText(sentence)).toHaveLength(2)); // under the field and in the notice
    expect(screen.getByRole('spinbutton', { name: 'Idle sign-out (minutes)' })).toHaveValue(90);
    view.unmount();
  });

  it('when the organization’s time zone is changed, then it is picked from the IANA zones and sent as the zone’s name', async () => {
    const update = vi.fn(async () => ({ data: { ...timeZone, value: 'America/Chicago', version: 2 } }));
    const view = renderEdit(update, timeZone);
    const user = userEvent.setup();
    const zone = await screen.findByRole('combobox', { name: 'Time zone' });
    expect(zone).toHaveValue('America/New York');

    await user.clear(zone);
    await user.type(zone, 'Chicag');
    await user.click(await screen.findByRole('option', { name: 'America/Chicago' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(update).toHaveBeenCalledWith('settings', expect.objectContaining({ data: { value: 'America/Chicago', version: 1 } })));
    view.unmount();
  });
});
