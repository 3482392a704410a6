import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { BatchLettersPage } from './BatchLettersPage.tsx';

const code = (mrn: string, patientId: number) => ({
  id: patientId * 10,
  code: 'PY2XJ-ZW6WD-7RJCD',
  expires_at: '2027-01-16T05:00:00Z',
  revoked_earlier: 0,
  patient: { id: patientId, family_name: 'Weimann', given_name: `Patient ${patientId}` },
  mrn,
});

describe('BatchLettersPage', () => {
  it('when a listed patient already holds a live code, then nothing replaces it until staff confirm, naming when it was issued', async () => {
    const issueActivationCodes = vi
      .fn()
      .mockResolvedValueOnce({
        data: {
          issued: [code('10000001', 1)],
          refused: [
            { mrn: '10000002', patient_id: 2, code: 'live_code', message: 'Has a live code issued 2026-11-28 at Main lobby desk 2; issuing replaces it.' },
          ],
        },
      })
      .mockResolvedValueOnce({ data: { issued: [{ ...code('10000002', 2), revoked_earlier: 1 }], refused: [] } });
    const activeDeskLocations = vi.fn(async () => ({ data: [{ id: 2, name: 'Main lobby desk 2' }] }));
    const view = renderInAdmin(<BatchLettersPage />, {
      dataProvider: fakeDataProvider({ issueActivationCodes, activeDeskLocations } as never),
      authProvider: fakeAuthProvider({ 'activation-codes': ['list', 'create'] }),
      path: '/batch-letters',
    });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: 'MRNs' }), '10000001\n10000002');
    await user.click(screen.getByRole('combobox', { name: /Desk location/ }));
    await user.click(await screen.findByRole('option', { name: 'Main lobby desk 2' }));
    await user.click(screen.getByRole('button', { name: 'Issue codes and print letters' }));

    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/MRN 10000002: Has a live code issued 2026-11-28 at Main lobby desk 2/)).toBeInTheDocument();
    expect(issueActivationCodes).toHaveBeenCalledTimes(1);
    expect(issueActivationCodes).toHaveBeenLastCalledWith({ mrns: ['10000001', '10000002'], locationId: 2 });

    await user.click(within(dialog).getByRole('button', { name: 'Replace the live code' }));
    await waitFor(() => expect(issueActivationCodes).toHaveBeenCalledTimes(2));
    // The replacements are handed over at the same desk.
    expect(issueActivationCodes).toHaveBeenLastCalledWith({ patientIds: [2], locationId: 2, replaceLive: true });
    // Both letters are now ready together, and nothing is left refused.
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    view.unmount();
  });
});
