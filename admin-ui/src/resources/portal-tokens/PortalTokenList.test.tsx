import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PortalTokenList } from './PortalTokenList.tsx';

const token = 'pdt_Zq3v9mB0c2Xn1yT5r8LkPw4sHj7dFg6aQe2uVi0oMn8';

describe('PortalTokenList', () => {
  it('when an admin creates a token, then it is shown once with a warning and the list refreshes', async () => {
    const rows: object[] = [];
    const getList = vi.fn(async () => ({ data: rows, total: rows.length }));
    const create = vi.fn(async (_resource: string, { data }: { data: { name: string } }) => {
      rows.push({ id: 1, name: data.name, created_at: '2026-11-26T02:00:00Z', created_by_username: 'admin', last_used_at: null, revoked_at: null });
      return { data: { ...rows[0], token } };
    });
    const view = renderInAdmin(<PortalTokenList />, {
      dataProvider: fakeDataProvider({ getList, create }),
      authProvider: fakeAuthProvider({ 'portal-tokens': ['list', 'create', 'revoke'] }),
      resource: 'portal-tokens',
    });
    const user = userEvent.setup();

    expect(await screen.findByText(/No portal tokens yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const dialog = await screen.findByRole('dialog', { name: 'New portal integration token' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'MyChartPLUS production');
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));

    expect(await within(dialog).findByTestId('portal-token')).toHaveValue(token);
    expect(within(dialog).getByText(/shown only this once/)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    expect(create).toHaveBeenCalledWith('portal-tokens', expect.objectContaining({ data: { name: 'MyChartPLUS production' } }));
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    const row = (await screen.findByText('MyChartPLUS production')).closest('tr')!;
    expect(within(row).getByText('Never used')).toBeInTheDocument();
    expect(screen.queryByDisplayValue(token)).not.toBeInTheDocument();
    view.unmount();
  });
});
