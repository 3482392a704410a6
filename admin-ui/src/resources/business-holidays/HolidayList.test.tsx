import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { HolidayList } from './HolidayList.tsx';

const rows = [
  {
    id: 1,
    date: '2027-07-05',
    name: 'Independence Day (observed)',
    source: 'federal',
    updated_at: '2026-12-01T13:00:00Z',
    updated_by_username: null,
    version: 1,
  },
  { id: 2, date: '2027-08-16', name: 'Storm closure', source: 'admin', updated_at: '2026-12-01T14:00:00Z', updated_by_username: 'ada', version: 1 },
];

describe('HolidayList', () => {
  it('when an admin opens a year, then its holidays show by date with their source, and the federal ones of that year can be added', async () => {
    const getList = vi.fn(async () => ({ data: rows, total: rows.length }));
    const addFederalHolidays = vi.fn(async ({ year }: { year: number }) => ({ data: { year, added: 10 } }));
    const view = renderInAdmin(<HolidayList />, {
      dataProvider: fakeDataProvider({ getList, addFederalHolidays } as never),
      authProvider: fakeAuthProvider({ 'business-holidays': ['list', 'show', 'create', 'edit', 'delete'] }),
      path: '/business-holidays',
      resource: 'business-holidays',
    });
    const user = userEvent.setup();

    const observed = (await screen.findByText('Independence Day (observed)')).closest('tr')!;
    expect(within(observed).getByText('US federal list')).toBeInTheDocument();
    expect(within(observed).getByText('added at start-up')).toBeInTheDocument();
    expect(within(screen.getByText('Storm closure').closest('tr')!).getByText('An administrator')).toBeInTheDocument();
    const year = screen.getByRole('spinbutton', { name: 'Year' });
    await user.clear(year);
    await user.type(year, '2027');
    await vi.waitFor(() => expect(getList).toHaveBeenLastCalledWith('business-holidays', expect.objectContaining({ filter: { year: 2027 } })));

    await user.click(screen.getByRole('button', { name: 'Add US federal holidays' }));
    expect(await screen.findByText('Added 10 federal holidays of 2027.')).toBeInTheDocument();
    expect(addFederalHolidays).toHaveBeenCalledWith({ year: 2027 });
    view.unmount();
  });
});
