import { screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListContextProvider } from 'react-admin';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../test-utils.tsx';
import { ExportCsvButton } from './ExportCsvButton.tsx';

const listContext = (filterValues: Record<string, unknown>) => ({ filterValues }) as never;

afterEach(() => vi.restoreAllMocks());

describe('ExportCsvButton', () => {
  it('when clicked, then it asks the API for the current filter and, when refused, shows the server’s reason', async () => {
    const refusal = { code: 'invalid_request', message: 'More than 100,000 rows match; narrow the filter.', requestId: 'r1' };
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(refusal), { status: 400 }));
    const view = renderInAdmin(
      <ListContextProvider value={listContext({ staff_username: 'front_desk', outcome: 'denied' })}>
        <ExportCsvButton resource="audit-events" />
      </ListContextProvider>,
      { dataProvider: fakeDataProvider({}), authProvider: fakeAuthProvider({ 'audit-events': ['list', 'export'] }) },
    );

    await userEvent.setup().click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(await screen.findByText(refusal.message)).toBeInTheDocument();
    const url = new URL(String(fetchSpy.mock.calls[0][0]), 'http://console.test');
    expect(url.pathname).toBe('/api/audit-events/export');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ staff_username: 'front_desk', outcome: 'denied' });
    view.unmount();
  });
});
