import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { SavedReply } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { SavedReplyCreate } from './SavedReplyCreate.tsx';
import { SavedReplyEdit } from './SavedReplyEdit.tsx';
import { SavedReplyList } from './SavedReplyList.tsx';

const ADMIN = { 'saved-replies': ['list', 'show', 'create', 'edit', 'delete'] };
const BILLING = { 'saved-replies': ['list'] };

const refund: SavedReply = {
  id: 4,
  team: 'billing',
  title: 'Duplicate charge refunded',
  body: 'Dear {{patient_first_name}},\nwe refunded the duplicate charge. Questions? Call {{billing_phone}}.',
  updated_at: '2026-12-01T14:00:00Z',
  updated_by_username: 'ada',
  version: 2,
};

function renderAt(path: string, permissions: Record<string, string[]>, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/saved-replies" element={<SavedReplyList />} />
      <Route path="/saved-replies/create" element={<SavedReplyCreate />} />
      <Route path="/saved-replies/:id" element={<SavedReplyEdit />} />
    </Routes>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(permissions), path, resource: 'saved-replies' },
  );
}

describe('saved replies', () => {
  it('when a team reads the saved replies, then each shows its team, title and text, and none opens for editing', async () => {
    const view = renderAt('/saved-replies', BILLING, { getList: vi.fn(async () => ({ data: [refund], total: 1 })) });
    const row = (await screen.findByText('Duplicate charge refunded')).closest('tr')!;
    expect(within(row).getByText('Billing')).toBeInTheDocument();
    expect(within(row).getByText(/we refunded the duplicate charge/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Create/ })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when an admin writes a placeholder no thread can fill, then the text field names it and the placeholders it may use, and nothing is sent', async () => {
    const create = vi.fn(async () => ({ data: { ...refund, id: 5 } }));
    const view = renderAt('/saved-replies/create', ADMIN, { create, getList: vi.fn(async () => ({ data: [], total: 0 })) });
    const user = userEvent.setup();

    const body = await screen.findByRole('textbox', { name: /Text/ });
    expect(
      screen.getByText(
        /\{\{patient_first_name\}\}, \{\{patient_last_name\}\}, \{\{staff_name\}\}, \{\{account_number\}\}, \{\{balance\}\}, \{\{billing_phone\}\}, \{\{location_name\}\}/,
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: /Team/ }));
    await user.click(await screen.findByRole('option', { name: 'Billing' }));
    await user.type(screen.getByRole('textbox', { name: /Title/ }), 'Payment plans');
    await user.type(body, 'Dear {{{{first_name}}, we offer payment plans.');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/No thread can fill \{\{first_name\}\}/)).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();

    await user.clear(body);
    await user.type(body, 'Dear {{{{patient_first_name}}, we offer payment plans.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith('saved-replies', {
        data: { team: 'billing', title: 'Payment plans', body: 'Dear {{patient_first_name}}, we offer payment plans.' },
      }),
    );
    view.unmount();
  });

  it('when someone saved first, then the refusal shows above the form and what was typed stays; the save carried the version read', async () => {
    const message = 'Someone else changed this saved reply since you opened it. Reload, then try again.';
    const update = vi.fn(async () => {
      throw new HttpError(message, 409, { code: 'stale_version', message, requestId: 'r-1' });
    });
    const view = renderAt('/saved-replies/4', ADMIN, { getOne: vi.fn(async () => ({ data: refund })), update });
    const user = userEvent.setup();

    const title = await screen.findByRole('textbox', { name: /Title/ });
    await user.clear(title);
    await user.type(title, 'Refund of a duplicate charge');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Someone else changed this saved reply since you opened it')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Title/ })).toHaveValue('Refund of a duplicate charge');
    expect(update).toHaveBeenCalledWith(
      'saved-replies',
      expect.objectContaining({ id: '4', data: { team: 'billing', title: 'Refund of a duplicate charge', body: refund.body, version: 2 } }),
    );
    view.unmount();
  });

  it('when an admin deletes a saved reply, then they are asked first, by its title', async () => {
    const deleteOne = vi.fn(async () => ({ data: refund }));
    const view = renderAt('/saved-replies/4', ADMIN, {
      getOne: vi.fn(async () => ({ data: refund })),
      delete: deleteOne,
      getList: vi.fn(async () => ({ data: [], total: 0 })),
    });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete the saved reply “Duplicate charge refunded”?' });
    expect(within(confirm).getByText(/Replies already sent with it keep their text/)).toBeInTheDocument();
    expect(deleteOne).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(deleteOne).toHaveBeenCalledWith('saved-replies', expect.objectContaining({ id: 4 })));
    view.unmount();
  });
});
