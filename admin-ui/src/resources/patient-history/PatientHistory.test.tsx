import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { GetManyReferenceParams } from 'react-admin';
import type { PatientHistoryEntry } from '@portaldesk/admin-api/contract';
import { createDataProvider } from '../../providers/dataProvider.ts';
import type { HttpClient } from '../../providers/httpClient.ts';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientShow } from '../patients/PatientShow.tsx';
import { testPatient } from '../patients/testPatient.ts';

const patient = testPatient({ family_name: 'SMITH-JONES', address_line2: null, preferred_language: 'es' });

const entry = (overrides: Partial<PatientHistoryEntry>): PatientHistoryEntry => ({
  id: 1,
  patient_id: 101,
  field: 'email',
  old_value: null,
  new_value: null,
  changed_at: '2026-12-01T14:05:00Z',
  changed_by: null,
  changed_by_name: null,
  source: 'staff_correction',
  reason: null,
  change_request_id: null,
  document_id: null,
  version: 1,
  ...overrides,
});

const history: PatientHistoryEntry[] = [
  entry({
    id: 3,
    field: 'family_name',
    old_value: 'SMITH',
    new_value: 'SMITH-JONES',
    changed_at: '2026-12-02T15:30:00Z',
    changed_by: 9,
    changed_by_name: 'Robin Roi',
    reason: 'Marriage certificate',
    document_id: 31,
    version: 4,
  }),
  entry({
    id: 2,
    field: 'race',
    old_value: null,
    new_value: ['2106-3', '2028-9'],
    changed_at: '2026-12-01T14:05:00Z',
    changed_by: 9,
    changed_by_name: 'Robin Roi',
    source: 'change_request',
    reason: 'As the patient asked',
    change_request_id: 12,
    version: 3,
  }),
  entry({ id: 1, field: 'preferred_language', old_value: 'ht', new_value: 'es', changed_at: '2026-11-20T15:00:00Z', source: 'import', version: 2 }),
];

const ROI = {
  patients: ['list', 'show', 'edit'],
  'patient-history': ['list', 'export'],
  documents: ['list', 'show', 'create'],
  'demographic-change-requests': ['list', 'show', 'edit'],
};

function renderHistory(permissions: Record<string, string[]>, path = '/patients/101/show/history') {
  const getManyReference = vi.fn(async (resource: string, params: GetManyReferenceParams) => {
    if (resource !== 'patient-history') return { data: [], total: 0 };
    const rows = params.filter.field ? history.filter((row) => row.field === params.filter.field) : history;
    return { data: rows, total: rows.length };
  });
  const authProvider = fakeAuthProvider(permissions);
  const view = renderInAdmin(
    <Routes>
      <Route path="/patients/:id/show/*" element={<PatientShow />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({
        getOne: vi.fn(async () => ({ data: patient })),
        getManyReference,
        getList: vi.fn(async () => ({ data: [], total: 0 })),
      }),
      authProvider,
      path,
      resource: 'patients',
    },
  );
  return { view, getManyReference, authProvider, user: userEvent.setup() };
}

const rowOf = (table: HTMLElement, text: string) => within(table).getByText(text).closest('tr')!;

describe('PatientHistory', () => {
  it('when ROI opens the History tab, then each change reads in words, newest first, linking its request and its document', async () => {
    const { view, getManyReference, user } = renderHistory(ROI, '/patients/101/show');

    await user.click(await screen.findByRole('tab', { name: 'History' }));

    const table = await screen.findByRole('table');
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual(['Legal family name', 'Race', 'Preferred language']);

    const race = rowOf(table, 'Not recorded → White, Asian');
    expect(await within(race).findByRole('link', { name: 'Patient’s change request 12' })).toHaveAttribute('href', '/demographic-change-requests/12/show');
    expect(within(race).getByText('Robin Roi')).toBeInTheDocument();
    expect(within(race).getByText('As the patient asked')).toBeInTheDocument();

    const name = rowOf(table, 'SMITH → SMITH-JONES');
    expect(within(name).getByText('Staff correction')).toBeInTheDocument();
    expect(within(name).getByText('Marriage certificate')).toBeInTheDocument();
    const document = await within(name).findByRole('link', { name: 'Open (new tab)' });
    expect(document).toHaveAttribute('href', '/api/documents/31/content');
    expect(document).toHaveAttribute('target', '_blank');

    const language = rowOf(table, 'Haitian Creole → Spanish');
    expect(within(language).getByText('EHR import')).toBeInTheDocument();
    for (const code of ['2106-3', 'ht', 'es']) expect(within(table).queryByText(code)).not.toBeInTheDocument();

    expect(await screen.findByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
    expect(getManyReference).toHaveBeenCalledWith(
      'patient-history',
      expect.objectContaining({ target: 'patient_id', id: 101, sort: { field: 'changed_at', order: 'DESC' } }),
    );
    view.unmount();
  });

  it('when the front desk reads the history, then requests and documents are named without links and there is no export', async () => {
    const { view, getManyReference, authProvider } = renderHistory({ patients: ['list', 'show'], 'patient-history': ['list'] });

    const table = await screen.findByRole('table');
    await waitFor(() =>
      expect(authProvider.canAccess).toHaveBeenCalledWith(expect.objectContaining({ action: 'show', resource: 'demographic-change-requests' })),
    );
    await waitFor(() => expect(within(rowOf(table, 'SMITH → SMITH-JONES')).getByText('On file')).toBeInTheDocument());
    expect(within(rowOf(table, 'Not recorded → White, Asian')).getByText('Patient’s change request 12')).not.toHaveAttribute('href');
    expect(within(table).queryByRole('link')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).not.toBeInTheDocument();
    expect(getManyReference).toHaveBeenCalled();
    view.unmount();
  });

  it('when a field is chosen that never changed, then the history says so for that field', async () => {
    const { view, getManyReference, user } = renderHistory(ROI);

    await screen.findByRole('table');
    await user.click(screen.getByRole('combobox', { name: 'Field' }));
    await user.click(await screen.findByRole('option', { name: 'Email' }));

    expect(await screen.findByText('No change to Email is on record.')).toBeInTheDocument();
    expect(getManyReference).toHaveBeenLastCalledWith('patient-history', expect.objectContaining({ filter: { field: 'email' } }));
    view.unmount();
  });

  it('when the role may not read the history, then there are no tabs and the history is never fetched', async () => {
    const { view, getManyReference } = renderHistory({ patients: ['list', 'show'] }, '/patients/101/show');

    await screen.findByText('White, Asian');
    expect(screen.queryByRole('tab', { name: 'History' })).not.toBeInTheDocument();
    expect(getManyReference).not.toHaveBeenCalledWith('patient-history', expect.anything());
    view.unmount();
  });

  it('when the history is read, then the dataProvider asks for it under the patient, with the field filter', async () => {
    const http: HttpClient = vi.fn(async () => ({ status: 200, headers: new Headers({ 'Content-Range': 'patient-history 0-2/3' }), body: '', json: history }));

    const result = await createDataProvider(http).getManyReference('patient-history', {
      target: 'patient_id',
      id: 101,
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'changed_at', order: 'DESC' },
      filter: { field: 'race' },
    });

    const url = new URL(String(vi.mocked(http).mock.calls[0][0]), 'http://console');
    expect(url.pathname).toBe('/api/patients/101/history');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual({ field: 'race' });
    expect(result.total).toBe(3);
  });
});
