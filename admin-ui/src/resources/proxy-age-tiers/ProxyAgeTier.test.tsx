import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { ProxyAgeTier } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ProxyAgeTierCreate } from './ProxyAgeTierCreate.tsx';
import { ProxyAgeTierEdit } from './ProxyAgeTierEdit.tsx';
import { ProxyAgeTierList } from './ProxyAgeTierList.tsx';

const ADMIN = { 'proxy-age-tiers': ['list', 'show', 'create', 'edit', 'delete'] };

const defaultRules: ProxyAgeTier = {
  id: 'default',
  teen_from_age: 13,
  adult_at_age: 18,
  hidden_categories: ['reproductive_sexual_health', 'sti_hiv', 'mental_health', 'substance_use'],
  updated_at: '2026-12-01T14:00:00Z',
  updated_by_name: null,
  version: 4,
};

const vermont: ProxyAgeTier = {
  id: 'VT',
  teen_from_age: 12,
  adult_at_age: 18,
  hidden_categories: ['mental_health'],
  updated_at: '2026-12-02T15:00:00Z',
  updated_by_name: 'Ada Admin',
  version: 1,
};

function renderAt(path: string, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/proxy-age-tiers" element={<ProxyAgeTierList />} />
      <Route path="/proxy-age-tiers/create" element={<ProxyAgeTierCreate />} />
      <Route path="/proxy-age-tiers/:id" element={<ProxyAgeTierEdit />} />
    </Routes>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(ADMIN), path, resource: 'proxy-age-tiers' },
  );
}

const category = (name: string) => screen.getByRole('checkbox', { name });

describe('age rules', () => {
  it('when an admin opens the age rules, then the default comes first and each row says its ages and what is hidden in words', async () => {
    const view = renderAt('/proxy-age-tiers', { getList: vi.fn(async () => ({ data: [defaultRules, vermont], total: 2 })) });
    const first = (await screen.findByText('Default (every state without rules of its own)')).closest('tr')!;
    expect(within(first).getByText('Reproductive and sexual health, STI and HIV, Mental health, Substance use')).toBeInTheDocument();
    expect(within(first).getByText('Set at installation')).toBeInTheDocument();
    const second = screen.getByText('VT').closest('tr')!;
    expect(
      within(second)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(expect.arrayContaining(['12', '18', 'Mental health', 'Ada Admin']));
    expect(screen.getByRole('columnheader', { name: 'Parents’ view narrows at age' })).toBeInTheDocument();
    view.unmount();
  });

  it('when an admin changes the default rules, then the labelled fields send the API’s body with the version read; the default cannot be removed', async () => {
    const update = vi.fn(async () => ({ data: { ...defaultRules, teen_from_age: 12, version: 5 } }));
    const view = renderAt('/proxy-age-tiers/default', {
      getOne: vi.fn(async () => ({ data: defaultRules })),
      update,
      getList: vi.fn(async () => ({ data: [], total: 0 })),
    });
    const user = userEvent.setup();

    const teen = await screen.findByRole('spinbutton', { name: 'Parents’ view narrows at age' });
    expect(screen.getByRole('spinbutton', { name: 'Minor proxy access ends at age' })).toHaveValue(18);
    expect(category('Mental health')).toBeChecked();
    expect(screen.queryByRole('button', { name: 'Remove' })).not.toBeInTheDocument();
    await user.clear(teen);
    await user.type(teen, '12');
    await user.click(category('Mental health'));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(update).toHaveBeenCalledWith(
      'proxy-age-tiers',
      expect.objectContaining({
        id: 'default',
        data: { teenFromAge: 12, adultAtAge: 18, hiddenCategories: ['reproductive_sexual_health', 'sti_hiv', 'substance_use'], version: 4 },
      }),
    );
    expect(await screen.findByText('Age rules saved: the portal applies them from its next question.')).toBeInTheDocument();
    view.unmount();
  });

  it('when the teen age is 18, then nothing is sent; when someone saved first, then the server’s message shows and the form keeps what was typed', async () => {
    const message = 'Someone else changed these age rules since you opened them. Reload, then try again.';
    const update = vi.fn(async () => Promise.reject(new HttpError(message, 409, { code: 'stale_version', message, requestId: 'r-1' })));
    const view = renderAt('/proxy-age-tiers/VT', { getOne: vi.fn(async () => ({ data: vermont })), update });
    const user = userEvent.setup();

    const teen = await screen.findByRole('spinbutton', { name: 'Parents’ view narrows at age' });
    await user.clear(teen);
    await user.type(teen, '18');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Must be a whole number from 1 to 17.')).toBeInTheDocument();
    expect(update).not.toHaveBeenCalled();

    await user.clear(teen);
    await user.type(teen, '14');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(update).toHaveBeenCalledWith('proxy-age-tiers', expect.objectContaining({ data: expect.objectContaining({ teenFromAge: 14, version: 1 }) }));
    expect(screen.getByRole('spinbutton', { name: 'Parents’ view narrows at age' })).toHaveValue(14);
    // A state's own rules can be removed; its patients then follow the default.
    expect(screen.getByRole('button', { name: 'Remove' })).toBeInTheDocument();
    view.unmount();
  });

  it('when an admin gives a state rules of its own, then the form starts from the default rules and sends the state in capitals with the ages and categories', async () => {
    const create = vi.fn(async () => ({ data: { ...vermont, id: 'NH' } }));
    const getOne = vi.fn(async () => ({ data: defaultRules }));
    const view = renderAt('/proxy-age-tiers/create', { getOne, create, getList: vi.fn(async () => ({ data: [], total: 0 })) });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /State/ }), 'nh');
    expect(getOne).toHaveBeenCalledWith('proxy-age-tiers', expect.objectContaining({ id: 'default' }));
    expect(screen.getByRole('spinbutton', { name: 'Parents’ view narrows at age' })).toHaveValue(13);
    await user.click(category('STI and HIV'));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(create).toHaveBeenCalled());
    expect(create).toHaveBeenCalledWith('proxy-age-tiers', {
      data: { state: 'NH', teenFromAge: 13, adultAtAge: 18, hiddenCategories: ['reproductive_sexual_health', 'mental_health', 'substance_use'] },
    });
    expect(await screen.findByText('Age rules added for NH.')).toBeInTheDocument();
    view.unmount();
  });
});
