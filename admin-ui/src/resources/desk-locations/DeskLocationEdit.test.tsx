import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { DeskLocationCreate } from './DeskLocationCreate.tsx';
import { DeskLocationEdit } from './DeskLocationEdit.tsx';

const permissions = { 'desk-locations': ['list', 'show', 'create', 'edit', 'deactivate', 'reactivate'] };

const lobby = {
  id: 2,
  name: 'Main lobby desk 2',
  retired_at: null,
  retired_by_username: null,
  created_at: '2026-06-01T14:00:00Z',
  updated_at: '2026-06-01T14:00:00Z',
  updated_by_username: 'ada',
  version: 1,
};

function renderAt(path: string, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/desk-locations/create" element={<DeskLocationCreate />} />
      <Route path="/desk-locations/:id" element={<DeskLocationEdit />} />
      <Route path="/desk-locations" element={<p>desk locations list</p>} />
    </Routes>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(permissions), path, resource: 'desk-locations' },
  );
}

describe('desk locations', () => {
  it('when an admin adds a name another location already has in other capitals, then the field says which location has it and nothing is added', async () => {
    const create = vi.fn(async () => {
      throw new HttpError('“Main lobby desk 2” is already a desk location. Choose another name, or use that one.', 409, {
        code: 'name_taken',
        message: '“Main lobby desk 2” is already a desk location. Choose another name, or use that one.',
        requestId: 'r1',
        errors: { name: 'is already taken by “Main lobby desk 2”' },
      });
    });
    const view = renderAt('/desk-locations/create', { create });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /Desk location/ }), 'MAIN LOBBY desk 2');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Desk location is already taken by “Main lobby desk 2”.')).toBeInTheDocument();
    expect(create).toHaveBeenCalledWith('desk-locations', expect.objectContaining({ data: { name: 'MAIN LOBBY desk 2' } }));
    expect(screen.queryByText('desk locations list')).not.toBeInTheDocument();
    view.unmount();
  });

  it('when an admin retires a location, then they are asked first, told its codes keep its name in the report, and the page says it is retired', async () => {
    const getOne = vi
      .fn()
      .mockResolvedValueOnce({ data: lobby })
      .mockResolvedValue({ data: { ...lobby, retired_at: '2026-12-01T15:00:00Z', retired_by_username: 'ada', version: 2 } });
    const retireDeskLocation = vi.fn(async () => ({ data: { ...lobby, retired_at: '2026-12-01T15:00:00Z' } }));
    const view = renderAt('/desk-locations/2', { getOne, retireDeskLocation });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Retire' }));
    const confirm = await screen.findByRole('dialog', { name: 'Retire “Main lobby desk 2”?' });
    expect(within(confirm).getByText(/keep its name in the weekly report/)).toBeInTheDocument();
    expect(retireDeskLocation).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole('button', { name: 'Confirm' }));

    expect(await screen.findByText('“Main lobby desk 2” is retired: no longer offered for new codes.')).toBeInTheDocument();
    expect(retireDeskLocation).toHaveBeenCalledWith({ id: 2, retire: true });
    expect(await screen.findByText(/Retired Dec 1, 2026, 10:00 AM EST: no longer offered for new codes/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Restore' })).toBeInTheDocument());
    view.unmount();
  });
});
