import { screen, within } from '@testing-library/react';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { GuarantorAccountDetail } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { GuarantorAccountPanel } from './GuarantorAccountPanel.tsx';
import { GuarantorAccountShow } from './GuarantorAccountShow.tsx';
import { accountDetail, PAY_NOW } from './testAccount.ts';

const BILLING = { 'guarantor-accounts': ['list', 'show'], 'message-threads': ['list', 'show', 'edit'], patients: ['list', 'show'] };

const WINDHAM = {
  id: 4,
  name: 'Windham Clinic',
  billing_phone: '+18604569000',
  billing_phone_display: '(860) 456-9000',
  accepts_online_payments: false,
};

function renderPanel(account: GuarantorAccountDetail | Error, permissions: Record<string, string[]> = BILLING) {
  const getOne = vi.fn(async () => {
    if (account instanceof Error) throw account;
    return { data: account };
  });
  const view = renderInAdmin(<GuarantorAccountPanel accountId={7} />, {
    dataProvider: fakeDataProvider({ getOne }),
    authProvider: fakeAuthProvider(permissions),
  });
  return { view, getOne };
}

describe('GuarantorAccountPanel', () => {
  it('when the account offers Pay Now, then the panel names the account, guarantor, balance, patients and location with its billing phone, and says Pay Now is available', async () => {
    const { view, getOne } = renderPanel(accountDetail(7));

    const panel = await screen.findByRole('region', { name: 'Guarantor account HH-1007' });
    expect(getOne).toHaveBeenCalledWith('guarantor-accounts', expect.objectContaining({ id: 7 }));
    expect(within(panel).getByText('Okafor, Ngozi')).toBeInTheDocument();
    expect(within(panel).getByText('$1,234.56')).toBeInTheDocument();
    expect(await within(panel).findByRole('link', { name: 'Okafor, Chidi (MRN 10000042)' })).toHaveAttribute('href', '/patients/42/show');
    expect(within(panel).getByRole('link', { name: 'Okafor, Ada (MRN 10000043)' })).toHaveAttribute('href', '/patients/43/show');
    expect(within(panel).getByText('Hartford Hospital · billing phone (860) 972-4993')).toBeInTheDocument();
    expect(within(panel).getByText('Pay Now is available')).toBeInTheDocument();
    expect(await within(panel).findByRole('link', { name: 'Open the account page' })).toHaveAttribute('href', '/guarantor-accounts/7/show');
    view.unmount();
  });

  it.each([
    ['zero_balance', 0, '$0.00', 'No Pay Now: the balance is zero'],
    ['credit_balance', -1250, '$12.50 credit', 'No Pay Now: the account is in credit'],
  ] as const)('when the reason is %s, then the panel says it in words', async (reason, cents, balance, words) => {
    const { view } = renderPanel(accountDetail(7, { balance_cents: cents, payNow: PAY_NOW[reason] }));
    const panel = await screen.findByRole('region', { name: 'Guarantor account HH-1007' });
    expect(within(panel).getByText(balance)).toBeInTheDocument();
    expect(within(panel).getByText(words)).toBeInTheDocument();
    expect(within(panel).queryByText('Pay Now is available')).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the location takes no online payments, then the panel names the location and the billing phone patients call', async () => {
    const { view } = renderPanel(
      accountDetail(7, {
        balance_cents: 4000,
        service_location_id: 4,
        service_location_name: 'Windham Clinic',
        service_location: WINDHAM,
        payNow: { available: false, reason: 'no_online_payments', billingPhone: '+18604569000', billingPhoneDisplay: '(860) 456-9000' },
      }),
    );
    const panel = await screen.findByRole('region', { name: 'Guarantor account HH-1007' });
    expect(within(panel).getByText('No Pay Now: Windham Clinic takes no online payments — patients pay by calling (860) 456-9000')).toBeInTheDocument();
    expect(within(panel).getByText('Windham Clinic · billing phone (860) 456-9000')).toBeInTheDocument();
    view.unmount();
  });

  it('when the account cannot be read, then the panel says so with the server’s words instead of failing the page', async () => {
    const { view } = renderPanel(
      new HttpError('Guarantor account not found.', 404, { code: 'not_found', message: 'Guarantor account not found.', requestId: 'r1' }),
    );
    expect(await screen.findByText('The guarantor account could not be loaded: Guarantor account not found.')).toBeInTheDocument();
    view.unmount();
  });

  it('when the reader may not open patients, then the patients are named without links', async () => {
    const { view } = renderPanel(accountDetail(7), { 'guarantor-accounts': ['list', 'show'] });
    const panel = await screen.findByRole('region', { name: 'Guarantor account HH-1007' });
    expect(await within(panel).findByText('Okafor, Chidi (MRN 10000042)')).toBeInTheDocument();
    expect(within(panel).queryByRole('link', { name: /MRN 10000042/ })).not.toBeInTheDocument();
    view.unmount();
  });
});

describe('GuarantorAccountShow', () => {
  it('when billing opens an account, then the page gives the address, the patients as links, the location with its billing phone, and the Pay Now answer in words', async () => {
    const account = accountDetail(7, {
      balance_cents: 4000,
      service_location_id: 4,
      service_location_name: 'Windham Clinic',
      service_location: WINDHAM,
      payNow: { available: false, reason: 'no_online_payments', billingPhone: '+18604569000', billingPhoneDisplay: '(860) 456-9000' },
    });
    const view = renderInAdmin(
      <Routes>
        <Route path="/guarantor-accounts/:id/show" element={<GuarantorAccountShow />} />
      </Routes>,
      {
        dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: account })) }),
        authProvider: fakeAuthProvider(BILLING),
        path: '/guarantor-accounts/7/show',
        resource: 'guarantor-accounts',
      },
    );

    expect(await screen.findByText('No Pay Now: Windham Clinic takes no online payments — patients pay by calling (860) 456-9000')).toBeInTheDocument();
    expect(screen.getByText('80 Seymour St')).toBeInTheDocument();
    expect(screen.getByText('Hartford, CT 06102')).toBeInTheDocument();
    expect(screen.getByText('$40.00')).toBeInTheDocument();
    expect(screen.getByText('Open')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Okafor, Chidi (MRN 10000042)' })).toHaveAttribute('href', '/patients/42/show');
    expect(screen.getByText('(860) 456-9000')).toBeInTheDocument();
    expect(screen.getByText('Takes no online payments')).toBeInTheDocument();
    view.unmount();
  });
});
