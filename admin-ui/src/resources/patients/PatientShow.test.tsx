import { screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientShow } from './PatientShow.tsx';
import { testPatient } from './testPatient.ts';

const patient = testPatient({ sexual_orientation: '38628009' });

const ledgerEntries = [
  {
    id: 9001,
    occurred_at: '2026-11-25T14:05:00Z',
    staff_user_id: 3,
    staff_username: 'fdesk',
    staff_display_name: 'Frankie Desk',
    roles: ['front_desk'],
    action: 'show',
    resource: 'patients',
    resource_id: '101',
    patient_id: 101,
    outcome: 'success',
    client_address: '10.0.0.5',
  },
  {
    id: 9002,
    occurred_at: '2026-11-25T14:06:00Z',
    staff_user_id: 4,
    staff_username: 'bill',
    staff_display_name: 'Billie Billing',
    roles: ['billing'],
    action: 'list',
    resource: 'patient-access-ledger',
    resource_id: null,
    patient_id: 101,
    outcome: 'denied',
    client_address: '10.0.0.9',
  },
  {
    id: 9003,
    occurred_at: '2026-11-25T14:07:00Z',
    staff_user_id: 5,
    staff_username: 'sam',
    staff_display_name: 'Sam Support',
    roles: ['support'],
    action: 'search',
    resource: 'patients',
    resource_id: null,
    patient_id: null,
    outcome: 'success',
    client_address: '10.0.0.7',
  },
  {
    id: 9004,
    occurred_at: '2026-11-25T14:08:00Z',
    staff_user_id: 6,
    staff_username: 'ada',
    staff_display_name: 'Ada Admin',
    roles: ['admin'],
    action: 'edit',
    resource: 'patients',
    resource_id: '101',
    patient_id: 101,
    outcome: 'success',
    client_address: '10.0.0.8',
  },
];

function renderShow(permissions: Record<string, string[]>, record: object = patient) {
  const getOne = vi.fn(async () => ({ data: record }));
  const getManyReference = vi.fn(async () => ({ data: ledgerEntries, total: ledgerEntries.length }));
  const authProvider = fakeAuthProvider(permissions);
  const view = renderInAdmin(
    <Routes>
      <Route path="/patients/:id/show/*" element={<PatientShow />} />
    </Routes>,
    { dataProvider: fakeDataProvider({ getOne, getManyReference }), authProvider, path: '/patients/101/show', resource: 'patients' },
  );
  return { view, getOne, getManyReference, authProvider };
}

describe('PatientShow', () => {
  it('when a record is opened, then it shows the date of birth with the age and the contact details', async () => {
    const { view, getOne } = renderShow({ patients: ['list', 'show'] });

    expect(await screen.findByText('03/09/1984 (42 years)', { exact: false })).toBeInTheDocument();
    expect(getOne).toHaveBeenCalledWith('patients', expect.objectContaining({ id: '101' }));
    expect(screen.getByRole('heading', { name: 'SMITH, Joan' })).toBeInTheDocument();
    expect(screen.getByText('M000101')).toBeInTheDocument();
    expect(screen.getByText('Female')).toBeInTheDocument();
    expect(screen.getByText('(860) 555-0142')).toBeInTheDocument();
    expect(screen.getByText('joan.smith@example.org')).toBeInTheDocument();
    expect(screen.getByText('80 Seymour Street')).toBeInTheDocument();
    expect(screen.getByText('Hartford, CT 06102')).toBeInTheDocument();
    view.unmount();
  });

  it('when a record is opened, then its demographics read as names, never as codes', async () => {
    const { view } = renderShow({ patients: ['list', 'show'] });

    const section = within((await screen.findByRole('heading', { name: 'Demographics' })).closest('section')!);
    expect(section.getByText('White, Asian')).toBeInTheDocument();
    expect(section.getByText('Not Hispanic or Latino')).toBeInTheDocument();
    expect(section.getByText('Haitian Creole')).toBeInTheDocument();
    expect(section.getByText('Lesbian, gay or homosexual')).toBeInTheDocument();
    expect(section.getByText('Not recorded')).toBeInTheDocument();
    expect(section.getByText('(860) 555-0142')).toBeInTheDocument();
    expect(section.getByText('Hartford, CT 06102')).toBeInTheDocument();
    for (const code of ['2106-3', '2028-9', '2186-5', 'ht', '38628009', '+18605550142'])
      expect(screen.queryByText(code, { exact: false })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the API leaves race, ethnicity and sexual orientation and gender identity out (billing), then those rows are absent, not "Not recorded"', async () => {
    const { race: _race, ethnicity: _ethnicity, sexual_orientation: _orientation, gender_identity: _identity, ...forBilling } = patient;
    const { view } = renderShow({ patients: ['list', 'show'] }, forBilling);

    const section = within((await screen.findByRole('heading', { name: 'Demographics' })).closest('section')!);
    expect(section.getByText('Haitian Creole')).toBeInTheDocument();
    for (const label of ['Race', 'Ethnicity', 'Sexual orientation', 'Gender identity']) expect(section.queryByText(label)).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the role may correct records, then "Correct demographics" leads to the correction; without it the button is absent', async () => {
    const roi = renderShow({ patients: ['list', 'show', 'edit'] });
    expect(await screen.findByRole('link', { name: 'Correct demographics' })).toHaveAttribute('href', '/patients/101');
    roi.view.unmount();

    const desk = renderShow({ patients: ['list', 'show'] });
    await screen.findByText('White, Asian');
    await waitFor(() => expect(desk.authProvider.canAccess).toHaveBeenCalledWith(expect.objectContaining({ action: 'edit', resource: 'patients' })));
    expect(screen.queryByRole('link', { name: 'Correct demographics' })).not.toBeInTheDocument();
    desk.view.unmount();
  });

  it('when the role may read the access ledger, then the ledger lists who accessed the record in plain words', async () => {
    const { view, getManyReference } = renderShow({ patients: ['list', 'show'], 'patient-access-ledger': ['list'] });

    expect(await screen.findByText('Opened the record')).toBeInTheDocument();
    const ledger = screen.getByRole('region', { name: 'Access ledger' });
    expect(within(ledger).getByText('Opened the record')).toBeInTheDocument();
    expect(within(ledger).getByText('Frankie Desk')).toBeInTheDocument();
    expect(within(ledger).getByText('Viewed this access ledger')).toBeInTheDocument();
    expect(within(ledger).getByText('Denied')).toBeInTheDocument();
    expect(within(ledger).getByText('10.0.0.9')).toBeInTheDocument();
    expect(within(ledger).getByText('Saw this patient among search results')).toBeInTheDocument();
    expect(within(ledger).getByText('Changed this record in an EHR import')).toBeInTheDocument();
    expect(getManyReference).toHaveBeenCalledWith(
      'patient-access-ledger',
      expect.objectContaining({ target: 'patient_id', id: 101, sort: { field: 'occurred_at', order: 'DESC' } }),
    );
    view.unmount();
  });

  it('when the role may not read the access ledger, then the section is absent and the ledger is never fetched', async () => {
    const { view, getManyReference, authProvider } = renderShow({ patients: ['list', 'show'] });

    await screen.findByText('(860) 555-0142');
    await waitFor(() => expect(authProvider.canAccess).toHaveBeenCalledWith(expect.objectContaining({ action: 'list', resource: 'patient-access-ledger' })));
    await waitFor(() => expect(screen.queryByText('Access ledger')).not.toBeInTheDocument());
    expect(screen.queryByRole('region', { name: 'Access ledger' })).not.toBeInTheDocument();
    expect(getManyReference).not.toHaveBeenCalled();
    view.unmount();
  });
});
