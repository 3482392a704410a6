import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { ResultCategory } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ResultCategoryCreate } from './ResultCategoryCreate.tsx';
import { ResultCategoryEdit } from './ResultCategoryEdit.tsx';
import { ResultCategoryList } from './ResultCategoryList.tsx';

const ADMIN = { 'result-categories': ['list', 'show', 'create', 'edit'] };
const CLINICAL = { 'result-categories': ['list'] };

const stiHiv: ResultCategory = {
  id: 'sti_hiv',
  code: 'sti_hiv',
  name: 'STI and HIV',
  proxy_category: 'sti_hiv',
  hold_citation: 'State public health law: post-test counseling first',
  hold_days: 3,
  updated_at: '2026-12-01T14:00:00Z',
  updated_by_name: 'Ada Admin',
  version: 2,
};

const chemistry: ResultCategory = {
  id: 'chemistry',
  code: 'chemistry',
  name: 'Chemistry',
  proxy_category: null,
  hold_citation: null,
  hold_days: null,
  updated_at: '2026-12-01T14:00:00Z',
  updated_by_name: null,
  version: 1,
};

function renderAt(path: string, permissions: Record<string, string[]>, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/result-categories" element={<ResultCategoryList />} />
      <Route path="/result-categories/create" element={<ResultCategoryCreate />} />
      <Route path="/result-categories/:id" element={<ResultCategoryEdit />} />
    </Routes>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(permissions), path, resource: 'result-categories' },
  );
}

describe('result categories', () => {
  it('when a clinician reads the categories, then each says what proxies do not see and its state-law rule in words, and none opens for editing', async () => {
    const view = renderInAdmin(
      <Routes>
        <Route path="/result-categories" element={<ResultCategoryList />} />
        <Route path="/result-categories/*" element={<p>A category page</p>} />
      </Routes>,
      {
        dataProvider: fakeDataProvider({ getList: vi.fn(async () => ({ data: [chemistry, stiHiv], total: 2 })) }),
        authProvider: fakeAuthProvider(CLINICAL),
        path: '/result-categories',
        resource: 'result-categories',
      },
    );

    const sti = (await screen.findByText('sti_hiv')).closest('tr')!;
    // Its name, and the sensitive category it is hidden from proxies as.
    expect(within(sti).getAllByText('STI and HIV')).toHaveLength(2);
    expect(within(sti).getByText('Held 3 days: State public health law: post-test counseling first')).toBeInTheDocument();
    expect(within(sti).getByText('Ada Admin')).toBeInTheDocument();
    const chem = screen.getByText('Chemistry').closest('tr')!;
    expect(within(chem).getByText('None: released at once')).toBeInTheDocument();
    expect(within(chem).getByText('Set at installation')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Hidden from proxies as' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Create/ })).not.toBeInTheDocument();
    await userEvent.setup().click(screen.getByText('Chemistry'));
    expect(screen.queryByText('A category page')).not.toBeInTheDocument();
    view.unmount();
  });

  it('when an admin gives a citation without days, then nothing is sent and the days field says what is missing; with days, the category is added', async () => {
    const create = vi.fn(async () => ({ data: { ...chemistry, id: 'hiv_confirm', code: 'hiv_confirm' } }));
    const view = renderAt('/result-categories/create', ADMIN, { create, getList: vi.fn(async () => ({ data: [], total: 0 })) });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /Code/ }), 'hiv_confirm');
    await user.type(screen.getByRole('textbox', { name: /Name/ }), 'HIV confirmation');
    await user.click(screen.getByRole('combobox', { name: /Hidden from proxies as/ }));
    await user.click(await screen.findByRole('option', { name: 'STI and HIV' }));
    await user.type(screen.getByRole('textbox', { name: /State-law citation/ }), 'State public health law: post-test counseling first');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const days = screen.getByRole('spinbutton', { name: /Days held before release/ });
    expect(await screen.findByText('Give the number of days the law asks these results to wait (1 to 30), or clear the citation.')).toBeInTheDocument();
    expect(days).toHaveAttribute('aria-invalid', 'true');
    expect(create).not.toHaveBeenCalled();

    await user.type(days, '3');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith('result-categories', {
        data: {
          code: 'hiv_confirm',
          name: 'HIV confirmation',
          proxy_category: 'sti_hiv',
          hold_citation: 'State public health law: post-test counseling first',
          hold_days: 3,
        },
      }),
    );
    view.unmount();
  });

  it('when an admin gives days without a citation or a code that is not one, then the fields say so', async () => {
    const create = vi.fn();
    const view = renderAt('/result-categories/create', ADMIN, { create });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /Code/ }), 'HIV Confirm');
    await user.type(screen.getByRole('textbox', { name: /Name/ }), 'HIV confirmation');
    await user.type(screen.getByRole('spinbutton', { name: /Days held before release/ }), '31');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Use 2 to 40 lowercase letters, digits or underscores, starting with a letter, e.g. sti_hiv.')).toBeInTheDocument();
    expect(screen.getByText('Give the citation of the law that sets this rule, or clear the days.')).toBeInTheDocument();
    expect(screen.getByText('Must be a whole number from 1 to 30.')).toBeInTheDocument();
    expect(create).not.toHaveBeenCalled();
    view.unmount();
  });

  it('when an admin removes a rule, then the code cannot be changed and the body carries no rule and the version read', async () => {
    const update = vi.fn(async () => ({ data: { ...stiHiv, hold_citation: null, hold_days: null, version: 3 } }));
    const view = renderAt('/result-categories/sti_hiv', ADMIN, {
      getOne: vi.fn(async () => ({ data: stiHiv })),
      update,
      getList: vi.fn(async () => ({ data: [], total: 0 })),
    });
    const user = userEvent.setup();

    const code = await screen.findByRole('textbox', { name: /Code/ });
    expect(code).toHaveAttribute('readonly');
    await user.clear(screen.getByRole('textbox', { name: /State-law citation/ }));
    await user.clear(screen.getByRole('spinbutton', { name: /Days held before release/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        'result-categories',
        expect.objectContaining({
          id: 'sti_hiv',
          data: { name: 'STI and HIV', proxy_category: 'sti_hiv', hold_citation: null, hold_days: null, version: 2 },
        }),
      ),
    );
    expect(await screen.findByText('Result category saved: results filed under it follow it from now on.')).toBeInTheDocument();
    view.unmount();
  });

  it('when someone saved first, then their refusal shows above the form, what was typed stays, and Reload brings their version in', async () => {
    const message = 'Someone else changed this category since you opened it. Reload, then try again.';
    const getOne = vi
      .fn()
      .mockResolvedValueOnce({ data: stiHiv })
      .mockResolvedValue({ data: { ...stiHiv, hold_days: 5, version: 3 } });
    const update = vi
      .fn()
      .mockRejectedValueOnce(new HttpError(message, 409, { code: 'stale_version', message, requestId: 'r-1' }))
      .mockResolvedValue({ data: { ...stiHiv, name: 'Sexually transmitted infections and HIV', version: 4 } });
    const view = renderAt('/result-categories/sti_hiv', ADMIN, { getOne, update, getList: vi.fn(async () => ({ data: [], total: 0 })) });
    const user = userEvent.setup();

    const name = await screen.findByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'Sexually transmitted infections and HIV');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Someone else changed this category since you opened it')).toBeInTheDocument();
    expect(alert).toHaveTextContent(message);
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveValue('Sexually transmitted infections and HIV');

    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.getByRole('spinbutton', { name: /Days held before release/ })).toHaveValue(5));
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveValue('Sexually transmitted infections and HIV');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    expect(update).toHaveBeenLastCalledWith(
      'result-categories',
      expect.objectContaining({ data: expect.objectContaining({ name: 'Sexually transmitted infections and HIV', hold_days: 5, version: 3 }) }),
    );
    view.unmount();
  });
});
