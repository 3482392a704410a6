import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResultHoldListFilter } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { Dashboard, weekTotals } from './Dashboard.tsx';
import { holdsDueFilters } from './HoldsDueTile.tsx';

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

  describe('held results tile', () => {
    const CLINICAL = { patients: ['list', 'show'], results: ['list', 'show', 'release'], 'result-holds': ['list', 'create', 'edit', 'export'] };
    const NOW = new Date('2026-12-01T15:00:00Z');

    afterEach(() => vi.useRealTimers());

    it('when the clock reads a moment, then "ending soon" looks 7 days ahead of it and "overdue" looks before it, open holds only', () => {
      expect(holdsDueFilters(NOW)).toEqual({
        endingSoon: { open: true, ends_before: '2026-12-08T15:00:00.000Z' },
        reviewsDue: { open: true, basis: 'preventing_harm', ends_before: '2026-12-08T15:00:00.000Z' },
        overdue: { open: true, ends_before: '2026-12-01T15:00:00.000Z' },
      });
    });

    it('when a clinician opens the dashboard, then every count shows from the totals of one-row pages, each a link to the release queue', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(NOW);
      const getList = vi.fn(async (_resource: string, { filter }: { filter: ResultHoldListFilter }) => ({
        data: [],
        total: filter.basis === 'preventing_harm' ? 2 : filter.ends_before === '2026-12-08T15:00:00.000Z' ? 4 : 1,
      }));
      const view = renderInAdmin(<Dashboard />, { dataProvider: fakeDataProvider({ getList }), authProvider: fakeAuthProvider(CLINICAL) });

      const tile = await screen.findByRole('region', { name: 'Held results' });
      expect(await within(tile).findByRole('link', { name: 'Holds ending in the next 7 days: 4' })).toHaveAttribute('href', '/result-release-queue');
      expect(await within(tile).findByRole('link', { name: /Harm determinations to review in the next 7 days .*: 2/ })).toHaveAttribute(
        'href',
        '/result-release-queue',
      );
      expect(await within(tile).findByRole('link', { name: 'Overdue: 1' })).toHaveAttribute('href', '/result-release-queue');
      expect(within(tile).getByText(/the release job should have released it/)).toBeInTheDocument();
      for (const filter of Object.values(holdsDueFilters(NOW))) {
        expect(getList).toHaveBeenCalledWith('result-holds', expect.objectContaining({ filter, pagination: { page: 1, perPage: 1 } }));
      }
      view.unmount();
    });

    it('when billing opens the dashboard, then there is no held-results tile and no hold is read', async () => {
      const getList = vi.fn();
      const view = renderInAdmin(<Dashboard />, {
        dataProvider: fakeDataProvider({ getList }),
        authProvider: fakeAuthProvider({ patients: ['list', 'show'] }),
      });
      expect(await screen.findByText(/This is PortalDesk for Hartford HealthCare/)).toBeInTheDocument();
      expect(screen.queryByRole('region', { name: 'Held results' })).not.toBeInTheDocument();
      expect(getList).not.toHaveBeenCalled();
      view.unmount();
    });
  });
});
