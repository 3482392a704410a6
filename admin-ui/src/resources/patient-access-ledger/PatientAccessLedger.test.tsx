import { screen, waitFor, within } from '@testing-library/react';
import { RecordContextProvider } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import type { AccessLedgerEntry } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientAccessLedger } from './PatientAccessLedger.tsx';

const entry = (overrides: Partial<AccessLedgerEntry>): AccessLedgerEntry => ({
  id: 1,
  occurred_at: '2026-11-25T14:05:00Z',
  staff_user_id: 3,
  staff_username: 'fdesk',
  staff_display_name: 'Frankie Desk',
  roles: ['front_desk'],
  action: 'show',
  resource: 'patients',
  outcome: 'success',
  client_address: '10.0.0.5',
  listed_among: null,
  searched_for: null,
  details: null,
  ...overrides,
});

const entries = [
  entry({ id: 4, action: 'list', resource: 'patient-access-ledger', staff_username: 'casey', staff_display_name: 'Casey Compliance', roles: ['compliance'] }),
  entry({ id: 3, action: 'search', resource: 'patients', listed_among: 12, searched_for: { name: 'Smi', date_of_birth: '1984-03-09' } }),
  entry({ id: 2, action: 'show', resource: 'portal-accounts', staff_username: 'sam', staff_display_name: 'Sam Support', roles: ['support'] }),
  entry({ id: 1, action: 'teleport', resource: 'time-machines' }),
];

describe('PatientAccessLedger', () => {
  it('when a search listed the patient, then its line says who searched for what and among how many, beside the looks at the record', async () => {
    const getManyReference = vi.fn(async () => ({ data: entries, total: 31 }));
    const view = renderInAdmin(
      <RecordContextProvider value={{ id: 101 }}>
        <PatientAccessLedger />
      </RecordContextProvider>,
      {
        dataProvider: fakeDataProvider({ getManyReference }),
        authProvider: fakeAuthProvider({ patients: ['list', 'show'], 'patient-access-ledger': ['list'] }),
        resource: 'patients',
      },
    );

    const ledger = await screen.findByRole('region', { name: 'Access ledger' });
    const search = await within(ledger).findByText('Searched for names starting “Smi” and born March 9, 1984: listed among 12 results');
    expect(within(search.closest('tr')!).getByText('Frankie Desk')).toBeInTheDocument();
    expect(within(ledger).getByText('Viewed this access ledger')).toBeInTheDocument();
    expect(within(ledger).getByText('Viewed the portal account')).toBeInTheDocument();
    // A pair the table does not know yet still reads as words.
    expect(within(ledger).getByText('Teleport (time machines)')).toBeInTheDocument();
    expect(within(ledger).getByText(/every search or queue that listed this patient/)).toBeInTheDocument();
    // Paged like every list: the first ten, newest first, with the total the server counted.
    expect(getManyReference).toHaveBeenCalledWith(
      'patient-access-ledger',
      expect.objectContaining({ target: 'patient_id', id: 101, pagination: { page: 1, perPage: 10 }, sort: { field: 'occurred_at', order: 'DESC' } }),
    );
    await waitFor(() => expect(within(ledger).getByText(/1-10 of 31/)).toBeInTheDocument());
    view.unmount();
  });
});
