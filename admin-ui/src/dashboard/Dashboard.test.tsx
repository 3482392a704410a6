import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { Dashboard, weekTotals } from './Dashboard.tsx';

const rows = [
  { week: '2026-11-02', location_id: 1, location: 'Main lobby', issued: 6, redeemed: 3, expired: 1, redemption_rate: 0.5 },
  { week: '2026-11-02', location_id: null, location: '', issued: 4, redeemed: 1, expired: 0, redemption_rate: 0.25 },
  { week: '2026-11-09', location_id: 1, location: 'Main lobby', issued: 2, redeemed: 0, expired: 0, redemption_rate: 0 },
];

describe('Dashboard', () => {
  it('when the weekly report loads, then the summary, the chart and the per-location table show it', async () => {
    const getActivationReport = vi.fn(async () => ({ data: rows }));
    const view = renderInAdmin(<Dashboard />, {
      dataProvider: fakeDataProvider({ getActivationReport } as never),
      authProvider: fakeAuthProvider({ 'activation-codes': ['list', 'create'] }),
    });

    expect(await screen.findByText('12 codes issued, 4 redeemed: a redemption rate of 33%.')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /Activation codes issued per week/ })).toHaveTextContent('Week of 2026-11-02: 10 issued, 4 redeemed, 1 expired.');
    expect(screen.getByRole('table', { name: 'Activation codes per week and location' })).toHaveTextContent('Not recorded');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/api/activation-codes/report?weeks=12&format=csv');
    view.unmount();
  });

  it('when the role has no activation figures, then only the greeting shows and nothing is fetched', async () => {
    const getActivationReport = vi.fn();
    const view = renderInAdmin(<Dashboard />, { dataProvider: fakeDataProvider({ getActivationReport } as never), authProvider: fakeAuthProvider({}) });
    expect(await screen.findByText(/This is PortalDesk for Hartford HealthCare/)).toBeInTheDocument();
    expect(screen.queryByText(/Activation codes, last/)).not.toBeInTheDocument();
    expect(getActivationReport).not.toHaveBeenCalled();
    view.unmount();
  });

  it('when weeks have several locations, then their totals add up per week, oldest first', () => {
    expect(weekTotals(rows)).toEqual([
      { week: '2026-11-02', issued: 10, redeemed: 4, expired: 1 },
      { week: '2026-11-09', issued: 2, redeemed: 0, expired: 0 },
    ]);
  });
});
