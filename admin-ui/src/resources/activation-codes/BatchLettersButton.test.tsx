import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ListContextProvider, type ListControllerResult } from 'react-admin';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { BatchLettersButton } from './BatchLettersButton.tsx';

describe('BatchLettersButton', () => {
  it('when staff issue codes for the selected patients, then the dialog offers only the active desk locations, and the one chosen is kept for the session', async () => {
    // The API's list of active locations: a retired desk is not in it, so it cannot be offered.
    const activeDeskLocations = vi.fn(async () => ({
      data: [
        { id: 3, name: 'Cardiology check-in' },
        { id: 2, name: 'Main lobby desk 2' },
      ],
    }));
    const issueActivationCodes = vi.fn(async () => ({
      data: { issued: [], refused: [{ mrn: '10000002', patient_id: 2, code: 'patient_too_young', message: 'Too young.' }] },
    }));
    const onUnselectItems = vi.fn();
    const list = { selectedIds: [1, 2], onUnselectItems } as unknown as ListControllerResult;
    const view = renderInAdmin(
      <ListContextProvider value={list}>
        <BatchLettersButton />
      </ListContextProvider>,
      {
        dataProvider: fakeDataProvider({ activeDeskLocations, issueActivationCodes } as never),
        authProvider: fakeAuthProvider({ 'activation-codes': ['list', 'create'] }),
        path: '/patients',
        resource: 'patients',
      },
    );
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Issue codes and print letters' }));
    const dialog = await screen.findByRole('dialog', { name: 'Issue codes for 2 selected patients' });
    // A list to pick from, never a box to type a desk's name into.
    expect(within(dialog).queryByRole('textbox')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: /Desk location/ }));
    expect((await screen.findAllByRole('option')).map((option) => option.textContent)).toEqual(['Cardiology check-in', 'Main lobby desk 2']);
    await user.click(screen.getByRole('option', { name: 'Main lobby desk 2' }));
    await user.click(within(dialog).getByRole('button', { name: 'Issue codes and print letters' }));
    await waitFor(() => expect(issueActivationCodes).toHaveBeenCalledWith({ patientIds: [1, 2], locationId: 2 }));
    await user.click(within(await screen.findByRole('dialog', { name: /codes issued/ })).getByRole('button', { name: 'Done' }));

    // The next batch of the session starts at the same desk.
    await user.click(screen.getByRole('button', { name: 'Issue codes and print letters' }));
    const again = await screen.findByRole('dialog', { name: 'Issue codes for 2 selected patients' });
    expect(within(again).getByRole('combobox', { name: /Desk location/ })).toHaveTextContent('Main lobby desk 2');
    // Kept in memory only: nothing about the workstation is written to the browser's storage.
    expect(localStorage.length).toBe(0);
    view.unmount();
  });
});
