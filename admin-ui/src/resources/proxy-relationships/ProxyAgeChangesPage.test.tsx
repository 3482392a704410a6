import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProxyAgeChange } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ProxyAgeChangesPage } from './ProxyAgeChangesPage.tsx';

const ROI = { 'proxy-relationships': ['list', 'revoke'] };

/** As the API answers: soonest first. */
const changes: ProxyAgeChange[] = [
  {
    id: 81,
    patient_name: 'Okafor, Ada',
    patient_mrn: '10000081',
    date_of_birth: '2008-12-06',
    on: '2026-12-06',
    turns: 18,
    change: 'adult',
    proxies: [
      {
        relationship_id: 12,
        proxy_name: 'Okafor, Chidi',
        relationship: 'parent',
        from_then:
          'Sees nothing: the patient is 18, and under the default age rules a parent’s access to a minor ends at 18; only the patient’s own authorization can continue it.',
      },
    ],
  },
  {
    id: 93,
    patient_name: 'Lindqvist, Bo',
    patient_mrn: '10000093',
    date_of_birth: '2013-12-11',
    on: '2026-12-11',
    turns: 13,
    change: 'teen',
    proxies: [
      {
        relationship_id: 14,
        proxy_name: 'Lindqvist, Eva',
        relationship: 'parent',
        from_then: 'Sees the record except mental health: parent of a patient aged 13, until December 10, 2031.',
      },
      { relationship_id: 15, proxy_name: 'Berg, Nils', relationship: 'legal_guardian', from_then: 'Sees the record except mental health: legal guardian.' },
    ],
  },
];

afterEach(() => vi.restoreAllMocks());

describe('ProxyAgeChangesPage', () => {
  it('when ROI opens the worklist, then the next 30 days show soonest first with the date, patient, age, what changes and for whom, and it prints', async () => {
    const proxyAgeChanges = vi.fn(async () => ({ data: changes }));
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const view = renderInAdmin(<ProxyAgeChangesPage />, {
      dataProvider: fakeDataProvider({ proxyAgeChanges } as never),
      authProvider: fakeAuthProvider(ROI),
      path: '/proxy-age-changes',
    });
    const user = userEvent.setup();

    const table = await screen.findByRole('table', { name: 'Birthdays in the next 30 days, soonest first' });
    expect(proxyAgeChanges).toHaveBeenCalledWith({ days: 30 });
    const [, first, second] = within(table).getAllByRole('row');
    expect(
      within(first)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'December 6, 2026',
      'Okafor, AdaMRN 10000081',
      '18',
      'Proxy access for a minor ends; only the patient’s own authorization can continue it',
      expect.stringContaining('Okafor, Chidi (parent)Sees nothing: the patient is 18'),
    ]);
    expect(within(first).getByRole('link', { name: 'Okafor, Ada' })).toHaveAttribute('href', '/patients/81/show');
    expect(within(second).getByText('Sensitive categories become hidden from parents and guardians')).toBeInTheDocument();
    expect(within(second).getByText('Berg, Nils (legal guardian)')).toBeInTheDocument();
    expect(within(second).getByText('Sees the record except mental health: parent of a patient aged 13, until December 10, 2031.')).toBeInTheDocument();

    const printButton = screen.getByRole('button', { name: 'Print' });
    await user.click(printButton);
    expect(print).toHaveBeenCalledTimes(1);
    // On paper: the table without the app bar, the menu or the buttons.
    const printStyles = [...document.querySelectorAll('style')].map((style) => style.textContent).find((css) => css?.includes('.no-print'));
    expect(printStyles).toContain('header.MuiAppBar-root, .MuiDrawer-root, .no-print { display: none !important; }');
    expect(printButton.closest('.no-print')).not.toBeNull();
    expect(table.closest('.no-print')).toBeNull();
    view.unmount();
  });

  it('when ROI looks 7 days ahead and nobody’s access changes, then the page says so', async () => {
    const proxyAgeChanges = vi.fn(async ({ days }: { days: number }) => ({ data: days === 7 ? [] : changes }));
    const view = renderInAdmin(<ProxyAgeChangesPage />, {
      dataProvider: fakeDataProvider({ proxyAgeChanges } as never),
      authProvider: fakeAuthProvider(ROI),
      path: '/proxy-age-changes',
    });
    const user = userEvent.setup();

    await screen.findByRole('table');
    expect(screen.getByRole('button', { name: '30 days' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() => expect(proxyAgeChanges).toHaveBeenLastCalledWith({ days: 7 }));
    expect(await screen.findByText('No patient with a proxy has a birthday that changes their access in the next 7 days.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    view.unmount();
  });
});
