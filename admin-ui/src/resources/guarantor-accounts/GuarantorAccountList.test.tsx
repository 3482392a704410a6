import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { GuarantorAccountList } from './GuarantorAccountList.tsx';
import { accountRow, PAY_NOW } from './testAccount.ts';

const BILLING = { 'guarantor-accounts': ['list', 'show'], 'service-locations': ['list'], patients: ['list', 'show'] };
const COMPLIANCE = { 'guarantor-accounts': ['list', 'show'], patients: ['list', 'show'] };

const LOCATIONS = [
  { id: 3, name: 'Hartford Hospital' },
  { id: 4, name: 'Windham Clinic' },
];

function renderList(accounts: (resource: string, params: unknown) => Promise<unknown>, permissions: Record<string, string[]> = BILLING) {
  const getList = vi.fn(async (resource: string, params: unknown) =>
    resource === 'service-locations' ? { data: LOCATIONS, total: LOCATIONS.length } : accounts(resource, params),
  );
  const view = renderInAdmin(<GuarantorAccountList />, {
    dataProvider: fakeDataProvider({ getList }),
    authProvider: fakeAuthProvider(permissions),
    resource: 'guarantor-accounts',
  });
  return { view, getList };
}

const rowOf = async (accountNumber: string) => (await screen.findByRole('link', { name: accountNumber })).closest('tr')!;

describe('GuarantorAccountList', () => {
  it('when accounts are listed, then balances read as dollars, a credit says "credit", and each row says whether Pay Now is offered and why not', async () => {
    const accounts = vi.fn(async () => ({
      data: [
        accountRow(1, { balance_cents: 123456, payNow: PAY_NOW.available }),
        accountRow(2, { balance_cents: -1250, payNow: PAY_NOW.credit_balance, guarantor_family_name: 'Reyes', guarantor_given_name: 'Dana' }),
        accountRow(3, { balance_cents: 0, payNow: PAY_NOW.zero_balance }),
        accountRow(4, { balance_cents: 4000, payNow: PAY_NOW.no_online_payments, service_location_id: 4, service_location_name: 'Windham Clinic' }),
        accountRow(5, { closed_at: '2026-11-01T15:00:00Z', patient_count: 1 }),
      ],
      total: 5,
    }));
    const { view } = renderList(accounts);

    const available = await rowOf('HH-1001');
    expect(available.closest('table')).toBeInTheDocument();
    expect(within(available).getByRole('link', { name: 'HH-1001' })).toHaveAttribute('href', '/guarantor-accounts/1/show');
    expect(within(available).getByText('$1,234.56')).toBeInTheDocument();
    expect(within(available).getByText('Okafor, Ngozi')).toBeInTheDocument();
    expect(within(available).getByText('Pay Now')).toBeInTheDocument();
    expect(within(available).getByText('2 patients')).toBeInTheDocument();

    const credit = await rowOf('HH-1002');
    expect(within(credit).getByText('$12.50 credit')).toBeInTheDocument();
    expect(within(credit).getByText('Reyes, Dana')).toBeInTheDocument();
    expect(within(credit).getByText('No Pay Now')).toBeInTheDocument();
    expect(within(credit).getByText('Account in credit')).toBeInTheDocument();

    const zero = await rowOf('HH-1003');
    expect(within(zero).getByText('$0.00')).toBeInTheDocument();
    expect(within(zero).getByText('Balance is zero')).toBeInTheDocument();

    const noOnline = await rowOf('HH-1004');
    expect(within(noOnline).getByText('Windham Clinic')).toBeInTheDocument();
    expect(within(noOnline).getByText('No online payments: call (860) 972-4993')).toBeInTheDocument();

    const closed = await rowOf('HH-1005');
    expect(within(closed).getByText('Closed')).toBeInTheDocument();
    expect(within(closed).getByText('1 patient')).toBeInTheDocument();

    expect(accounts).toHaveBeenCalledWith('guarantor-accounts', expect.objectContaining({ sort: { field: 'account_number', order: 'ASC' }, filter: {} }));
    view.unmount();
  });

  it('when billing filters by text, location and Pay Now reason, then the list is asked again only on "Search", with the API’s filter names', async () => {
    const accounts = vi.fn(async () => ({ data: [accountRow(1)], total: 1 }));
    const { view } = renderList(accounts);
    const user = userEvent.setup();
    await rowOf('HH-1001');
    const form = screen.getByRole('search', { name: 'Filter guarantor accounts' });

    await user.type(within(form).getByRole('searchbox', { name: 'Account number or guarantor' }), 'okafor');
    await user.click(within(form).getByRole('combobox', { name: 'Service location' }));
    await user.click(await screen.findByRole('option', { name: 'Windham Clinic' }));
    await user.click(within(form).getByRole('combobox', { name: 'Pay Now' }));
    await user.click(await screen.findByRole('option', { name: 'Not available: location takes no online payments' }));
    expect(accounts).toHaveBeenCalledTimes(1);

    await user.click(within(form).getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(accounts).toHaveBeenLastCalledWith(
        'guarantor-accounts',
        expect.objectContaining({ filter: { q: 'okafor', service_location_id: 4, pay_now_reason: 'no_online_payments' } }),
      ),
    );
    view.unmount();
  });

  it('when the privacy office, who may not list locations, opens the list, then it filters without the location choice', async () => {
    const accounts = vi.fn(async () => ({ data: [accountRow(1)], total: 1 }));
    const { view, getList } = renderList(accounts, COMPLIANCE);
    await rowOf('HH-1001');
    const form = screen.getByRole('search', { name: 'Filter guarantor accounts' });
    expect(within(form).getByRole('combobox', { name: 'Pay Now' })).toBeInTheDocument();
    expect(within(form).queryByRole('combobox', { name: 'Service location' })).not.toBeInTheDocument();
    expect(getList.mock.calls.map(([resource]) => resource)).not.toContain('service-locations');
    view.unmount();
  });

  it('when no account was imported yet, then the list says so and how they arrive; when a filter matches none, it says that instead', async () => {
    const accounts = vi.fn(async () => ({ data: [], total: 0 }));
    const { view } = renderList(accounts);
    const user = userEvent.setup();

    expect(await screen.findByText('No guarantor accounts yet')).toBeInTheDocument();
    expect(screen.getByText(/loads them from the billing system’s CSV export/)).toBeInTheDocument();

    const form = screen.getByRole('search', { name: 'Filter guarantor accounts' });
    await user.type(within(form).getByRole('searchbox', { name: 'Account number or guarantor' }), 'HH-9{Enter}');
    expect(await screen.findByText('No guarantor account matches these filters')).toBeInTheDocument();
    view.unmount();
  });
});
