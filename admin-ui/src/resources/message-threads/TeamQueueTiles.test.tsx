import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageTeamStats } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { FirstResponseCharts } from './FirstResponseChart.tsx';
import { TeamQueueTiles } from './TeamQueueTiles.tsx';

const week = (week_start: string, median: number | null, received = 10, answered = 9) => ({
  week_start,
  received,
  answered,
  median_first_response_business_minutes: median,
});

const billing: MessageTeamStats = {
  team: 'billing',
  topic: 'billing',
  new: 3,
  open: 9,
  waiting_on_patient: 4,
  overdue: 2,
  weeks: [week('2026-11-16', 150), week('2026-11-23', null, 2, 0)],
};
const support: MessageTeamStats = {
  team: 'support',
  topic: 'technical',
  new: 0,
  open: 1,
  waiting_on_patient: 0,
  overdue: 0,
  weeks: [week('2026-11-23', 1500)],
};

const filterOf = (link: HTMLElement) => JSON.parse(new URLSearchParams(link.getAttribute('href')!.split('?')[1]).get('filter')!);

function renderDashboard(permissions: Record<string, string[]>, messageTeamStats: ReturnType<typeof vi.fn>) {
  const authProvider = fakeAuthProvider(permissions);
  const view = renderInAdmin(
    <>
      <TeamQueueTiles />
      <FirstResponseCharts />
    </>,
    { dataProvider: fakeDataProvider({ messageTeamStats } as never), authProvider },
  );
  return Object.assign(view, { authProvider });
}

describe('team message dashboard', () => {
  it('when the privacy office opens the dashboard, then each team has its tile of counts linking to its queue, and its weekly chart with the figures as a table', async () => {
    const messageTeamStats = vi.fn(async () => ({ data: [billing, support] }));
    const view = renderDashboard({ 'message-threads': ['list', 'show'] }, messageTeamStats);

    const tile = await screen.findByRole('region', { name: 'Billing messages' });
    const open = within(tile).getByRole('link', { name: 'Open 12 (3 new)' });
    expect(open.getAttribute('href')).toMatch(/^\/message-threads\?/);
    expect(filterOf(open)).toEqual({ topic: 'billing', status: ['new', 'open'] });
    expect(filterOf(within(tile).getByRole('link', { name: 'Overdue 2' }))).toEqual({ topic: 'billing', overdue: true });
    expect(filterOf(within(tile).getByRole('link', { name: 'Waiting on patient 4' }))).toEqual({ topic: 'billing', status: 'waiting_on_patient' });
    const supportTile = screen.getByRole('region', { name: 'Support messages' });
    expect(within(supportTile).getByRole('link', { name: 'Open 1' })).toBeInTheDocument();
    expect(within(supportTile).getByRole('link', { name: 'Overdue 0' })).toBeInTheDocument();

    const chart = screen.getByRole('img', { name: 'Billing: median first-response time in working hours per week, last 2 weeks' });
    expect(chart).toHaveTextContent('Week of 2026-11-16: 10 received, 9 answered, median first response 2.5 h.');
    expect(chart).toHaveTextContent('Week of 2026-11-23: 2 received, 0 answered, median first response No reply yet.');
    expect(chart.querySelectorAll('rect')).toHaveLength(1);
    const table = screen.getByRole('table', { name: 'Billing: median first response per week' });
    const row = within(table).getByRole('rowheader', { name: '2026-11-16' }).closest('tr')!;
    expect(within(row).getByText('2.5 h')).toBeInTheDocument();
    // 25 working hours is past the 3-business-day due time: the chart draws it.
    expect(screen.getByRole('img', { name: /^Support:/ })).toHaveTextContent('Due: 3 business days');
    expect(messageTeamStats).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it('when the role has no message queue, then nothing shows and nothing is fetched', async () => {
    const messageTeamStats = vi.fn();
    const view = renderDashboard({ patients: ['list'] }, messageTeamStats);
    await waitFor(() => expect(view.authProvider.canAccess).toHaveBeenCalledWith(expect.objectContaining({ action: 'list', resource: 'message-threads' })));
    expect(screen.queryByRole('region')).not.toBeInTheDocument();
    expect(messageTeamStats).not.toHaveBeenCalled();
    view.unmount();
  });
});
