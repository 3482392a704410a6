import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { HttpError, type GetListParams } from 'react-admin';
import type { LabResult } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { PatientShow } from '../patients/PatientShow.tsx';
import { testPatient } from '../patients/testPatient.ts';
import { testResult, withheld } from './testResult.ts';

const CLINICAL = {
  patients: ['list', 'show'],
  demographics: ['show'],
  results: ['list', 'show', 'release'],
  'result-values': ['show'],
  'result-holds': ['list', 'create', 'edit', 'export'],
};
const COMPLIANCE = { patients: ['list', 'show'], 'patient-history': ['list', 'export'], results: ['list', 'show'], 'result-values': ['show'] };
const ROI = { patients: ['list', 'show', 'edit'], 'patient-history': ['list', 'export'], results: ['list'] };

const a1c = testResult({
  id: 1,
  status: 'held',
  released_at: null,
  hold: {
    id: 41,
    basis: 'preventing_harm',
    // Midnight at the start of December 15 in New York.
    ends_at: '2026-12-15T05:00:00Z',
    until_patient_asks: false,
    decided_by_name: 'Dr. Ana Rivera',
    placed_at: '2026-11-30T16:00:00Z',
  },
});
const potassium = testResult({
  id: 2,
  accession_number: 'ACC-1002',
  loinc_code: '2823-3',
  test_name: 'Potassium',
  value: '6.9',
  value_numeric: 6.9,
  unit: 'mmol/L',
  reference_range: '3.5-5.1',
  reference_low: 3.5,
  reference_high: 5.1,
  abnormal_flag: 'HH',
  resulted_at: '2026-11-29T15:00:00Z',
  released_at: '2026-11-29T15:05:00Z',
  corrections: 2,
  corrected_at: '2026-11-29T16:00:00Z',
});
const hiv = testResult({
  id: 3,
  accession_number: 'ACC-1003',
  loinc_code: '56888-1',
  test_name: 'HIV 1+2 Ab+Ag',
  category: 'sti_hiv',
  category_name: 'HIV and STI',
  sensitive: true,
  value: 'Nonreactive',
  value_numeric: null,
  unit: null,
  reference_range: null,
  reference_low: null,
  reference_high: null,
  abnormal_flag: 'N',
  resulted_at: '2026-11-28T15:00:00Z',
  status: 'held',
  released_at: null,
  hold: {
    id: 42,
    basis: 'patient_request',
    ends_at: null,
    until_patient_asks: true,
    decided_by_name: 'Dr. Ana Rivera',
    placed_at: '2026-11-28T16:00:00Z',
  },
});
const results = [a1c, potassium, hiv];

function renderResults(permissions: Record<string, string[]>, { rows = results, verbs = {} }: { rows?: LabResult[]; verbs?: Record<string, unknown> } = {}) {
  const getManyReference = vi.fn(async (resource: string) => (resource === 'results' ? { data: rows, total: rows.length } : { data: [], total: 0 }));
  // The trend chart's reads: nothing here to chart (its own tests are in ResultTrend.test.tsx).
  const getList = vi.fn(async (_resource: string, _params: GetListParams) => ({ data: [], total: 0 }));
  const authProvider = fakeAuthProvider(permissions);
  const view = renderInAdmin(
    <Routes>
      <Route path="/patients/:id/show/*" element={<PatientShow />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider({ getOne: vi.fn(async () => ({ data: testPatient() })), getManyReference, getList, ...verbs }),
      authProvider,
      path: '/patients/101/show/results',
      resource: 'patients',
    },
  );
  return { view, getManyReference, getList, user: userEvent.setup() };
}

const rowOf = (table: HTMLElement, text: string) => within(table).getByText(text).closest('tr')!;

/** Ticks the rows of the named tests and opens a bulk action's dialog. */
async function openBulkDialog(user: ReturnType<typeof userEvent.setup>, tests: string[], action: string) {
  const table = await screen.findByRole('table');
  for (const test of tests) await user.click(within(rowOf(table, test)).getByRole('checkbox'));
  await user.click(await screen.findByRole('button', { name: action }));
  return screen.findByRole('dialog');
}

describe('ResultsTab', () => {
  it('when a clinician opens the Results tab, then each result reads with its flag, range, category, portal status and corrections, newest first', async () => {
    const { view, getManyReference } = renderResults(CLINICAL);

    const table = await screen.findByRole('table');
    expect(screen.getByRole('tab', { name: 'Results' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByRole('tab', { name: 'History' })).not.toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual([
      'Hemoglobin A1cLOINC 4548-4',
      'PotassiumLOINC 2823-3',
      'HIV 1+2 Ab+AgLOINC 56888-1',
    ]);

    const a1cRow = rowOf(table, 'Hemoglobin A1c');
    expect(within(a1cRow).getByText('6.8 %')).toBeInTheDocument();
    expect(within(a1cRow).getByText('High')).toBeInTheDocument();
    expect(within(a1cRow).getByText('4.0-5.6')).toBeInTheDocument();
    expect(within(a1cRow).getByText('Held: preventing harm until Dec 15, 2026')).toBeInTheDocument();
    expect(within(a1cRow).getByText('Decided by Dr. Ana Rivera')).toBeInTheDocument();
    expect(within(a1cRow).queryByText('Corrected')).not.toBeInTheDocument();

    const potassiumRow = rowOf(table, 'Potassium');
    // Critical values stand out: a filled red chip, where a high one is outlined.
    expect(within(potassiumRow).getByText('Critically high').closest('.MuiChip-root')).toHaveClass('MuiChip-filled', 'MuiChip-colorError');
    expect(within(a1cRow).getByText('High').closest('.MuiChip-root')).toHaveClass('MuiChip-outlined', 'MuiChip-colorWarning');
    expect(await within(potassiumRow).findByText('Released Nov 29, 2026, 10:05 AM EST')).toBeInTheDocument();
    expect(within(potassiumRow).getByText('Corrected')).toBeInTheDocument();
    expect(await within(potassiumRow).findByText('2 times, last Nov 29, 2026, 11:00 AM EST')).toBeInTheDocument();

    const hivRow = rowOf(table, 'HIV 1+2 Ab+Ag');
    expect(within(hivRow).getByText('Nonreactive')).toBeInTheDocument();
    expect(within(hivRow).getByText('Sensitive')).toBeInTheDocument();
    expect(within(hivRow).getByText('Held: patient’s request until the patient asks')).toBeInTheDocument();
    // A normal value carries no flag.
    expect(within(hivRow).getAllByRole('cell')[3]).toBeEmptyDOMElement();

    expect(getManyReference).toHaveBeenCalledWith(
      'results',
      expect.objectContaining({ target: 'patient_id', id: 101, sort: { field: 'resulted_at', order: 'DESC' } }),
    );
    view.unmount();
  });

  it('when a clinician opens a corrected result’s corrections, then each reads newest first with what changed, who imported it and whether the patient could have seen the earlier value', async () => {
    const corrections = [
      {
        id: 8,
        result_id: 2,
        corrected_at: '2026-11-29T16:00:00Z',
        file_name: 'lab-feed-1129.csv',
        imported_by_name: 'Lab Interface',
        was_released: true,
        changes: [
          { field: 'value', before: '6.4', after: '6.9' },
          { field: 'abnormal_flag', before: 'H', after: 'HH' },
        ],
      },
      {
        id: 7,
        result_id: 2,
        corrected_at: '2026-11-29T15:02:00Z',
        file_name: 'lab-feed-1129.csv',
        imported_by_name: null,
        was_released: false,
        changes: [
          { field: 'resulted_at', before: '2026-11-29T14:00:00+00:00', after: '2026-11-29T15:00:00+00:00' },
          { field: 'unit', before: null, after: 'mmol/L' },
        ],
      },
    ];
    const getList = vi.fn(async (resource: string) => (resource === 'result-corrections' ? { data: corrections, total: 2 } : { data: [], total: 0 }));
    const { view, user } = renderResults(CLINICAL, { verbs: { getList } });

    const table = await screen.findByRole('table');
    await user.click(within(rowOf(table, 'Potassium')).getByRole('button', { name: 'Corrected: see what changed' }));
    const dialog = await screen.findByRole('dialog', { name: 'Corrections of Potassium' });
    const [latest, earlier] = await within(dialog).findAllByRole('region');
    expect(latest).toHaveAccessibleName('Nov 29, 2026, 11:00 AM EST');
    expect(await within(latest).findByText('Nov 29, 2026, 11:00 AM EST · imported by Lab Interface · lab-feed-1129.csv')).toBeInTheDocument();
    expect(within(latest).getByText('The result had reached the patient’s portal before this correction')).toBeInTheDocument();
    expect(
      within(latest)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['FieldBeforeAfter', 'Value6.46.9', 'FlagHHH']);
    expect(within(earlier).getByText('Before the result first reached the portal')).toBeInTheDocument();
    expect(within(earlier).getByText(/imported by a script/)).toBeInTheDocument();
    expect(
      within(earlier)
        .getAllByRole('row')
        .map((row) => row.textContent),
    ).toEqual(['FieldBeforeAfter', 'ResultedNov 29, 2026, 9:00 AM ESTNov 29, 2026, 10:00 AM EST', 'Unit(empty)mmol/L']);
    expect(getList).toHaveBeenCalledWith('result-corrections', expect.objectContaining({ filter: { result_id: 2 } }));
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    view.unmount();
  });

  it('when ROI opens the Results tab, then each row says the values are not shown to the role, and nothing can be held or released', async () => {
    const { view, getList } = renderResults(ROI, { rows: results.map(withheld) });

    const table = await screen.findByRole('table');
    expect(screen.getByText('Your role sees whether each result reached the patient’s portal, not what it says.')).toBeInTheDocument();
    for (const test of ['Hemoglobin A1c', 'Potassium', 'HIV 1+2 Ab+Ag']) {
      expect(within(rowOf(table, test)).getByText('Not shown to your role')).toBeInTheDocument();
    }
    expect(within(table).queryByRole('columnheader', { name: 'Flag' })).not.toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: 'Reference range' })).not.toBeInTheDocument();
    expect(await within(rowOf(table, 'Potassium')).findByText('Released Nov 29, 2026, 10:05 AM EST')).toBeInTheDocument();
    expect(within(table).queryByRole('checkbox')).not.toBeInTheDocument();
    // Corrected, but what changed is a value: only the mark, nothing to open.
    expect(within(rowOf(table, 'Potassium')).getByText('Corrected')).toBeInTheDocument();
    expect(within(table).queryByRole('button', { name: 'Corrected: see what changed' })).not.toBeInTheDocument();
    expect(getList).not.toHaveBeenCalled();
    view.unmount();
  });

  it('when compliance reads the results, then values show but no result can be selected to hold or release', async () => {
    const { view } = renderResults(COMPLIANCE);

    const table = await screen.findByRole('table');
    expect(within(rowOf(table, 'Potassium')).getByText('6.9 mmol/L')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'History' })).toBeInTheDocument();
    expect(within(table).queryByRole('checkbox')).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the patient has no results, then the tab says so', async () => {
    const { view } = renderResults(CLINICAL, { rows: [] });

    expect(await screen.findByText('No results for this patient yet')).toBeInTheDocument();
    view.unmount();
  });

  it('when a clinician holds two results to prevent harm, then the type of harm, the review date and the reason are sent, and nothing of another basis', async () => {
    const placeResultHold = vi.fn(async () => ({ data: { placed: [1, 2], extended: [], holds: [51, 52] } }));
    const { view, getManyReference, user } = renderResults(CLINICAL, { verbs: { placeResultHold } });

    const dialog = await openBulkDialog(user, ['Hemoglobin A1c', 'Potassium'], 'Hold…');
    expect(dialog).toHaveAccessibleName('Hold 2 results from the portal');
    expect(within(dialog).getByRole('radio', { name: 'The patient asked' })).toHaveFocus();
    expect(within(dialog).getByText('Recorded as decided by Casey Compliance.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('radio', { name: 'Preventing harm' }));
    expect(within(dialog).queryByRole('textbox', { name: /Date of the patient’s request/ })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: /Type of harm/ }));
    await user.click(await screen.findByRole('option', { name: 'Substantial harm to another person named in the record' }));
    await user.type(within(dialog).getByRole('textbox', { name: /Review by/ }), '12/20/2026');
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'Names the partner; discuss in clinic first{Enter}');

    expect(await screen.findByText('Held 2 results.')).toBeInTheDocument();
    expect(placeResultHold.mock.calls[0]).toStrictEqual([
      {
        body: {
          resultIds: [1, 2],
          basis: 'preventing_harm',
          harmType: 'substantial_harm_to_other_person',
          reviewBy: '2026-12-20',
          reason: 'Names the partner; discuss in clinic first',
        },
      },
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(getManyReference.mock.calls.filter(([resource]) => resource === 'results').length).toBeGreaterThan(1));
    view.unmount();
  });

  it('when a clinician holds results at the patient’s request, then the date of the request is required and the hold lasts until the date given', async () => {
    const placeResultHold = vi.fn(async () => ({ data: { placed: [1, 2], extended: [], holds: [51, 52] } }));
    const { view, user } = renderResults(CLINICAL, { verbs: { placeResultHold } });

    const dialog = await openBulkDialog(user, ['Hemoglobin A1c', 'Potassium'], 'Hold…');
    await user.click(within(dialog).getByRole('radio', { name: 'The patient asked' }));
    await user.type(within(dialog).getByRole('textbox', { name: /Release on/ }), '01/15/2027');
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'Wants to hear it from her doctor{Enter}');

    const requestedOn = within(dialog).getByRole('textbox', { name: /Date of the patient’s request/ });
    expect(requestedOn).toHaveAccessibleDescription('Type the date.');
    expect(requestedOn).toHaveFocus();
    expect(placeResultHold).not.toHaveBeenCalled();
    await user.type(requestedOn, '11/30/2026{Enter}');

    await screen.findByText('Held 2 results.');
    expect(placeResultHold.mock.calls[0]).toStrictEqual([
      { body: { resultIds: [1, 2], basis: 'patient_request', requestedOn: '2026-11-30', until: '2027-01-15', reason: 'Wants to hear it from her doctor' } },
    ]);
    view.unmount();
  });

  it('when a patient’s request lasts until the patient asks, then no end date is asked for or sent', async () => {
    const placeResultHold = vi.fn(async () => ({ data: { placed: [1], extended: [], holds: [51] } }));
    const { view, user } = renderResults(CLINICAL, { verbs: { placeResultHold } });

    const dialog = await openBulkDialog(user, ['Hemoglobin A1c'], 'Hold…');
    await user.click(within(dialog).getByRole('radio', { name: 'The patient asked' }));
    await user.type(within(dialog).getByRole('textbox', { name: /Date of the patient’s request/ }), '11/30/2026');
    await user.click(within(dialog).getByRole('radio', { name: 'The patient asks for it' }));
    expect(within(dialog).queryByRole('textbox', { name: /Release on/ })).not.toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'Wants to hear it from her doctor{Enter}');

    await screen.findByText('Held 1 result.');
    expect(placeResultHold.mock.calls[0]).toStrictEqual([
      { body: { resultIds: [1], basis: 'patient_request', requestedOn: '2026-11-30', untilPatientAsks: true, reason: 'Wants to hear it from her doctor' } },
    ]);
    view.unmount();
  });

  it('when a clinician holds a result under state law, then only the basis and the reason are sent, and “for review” is refused as a reason', async () => {
    const placeResultHold = vi.fn(async () => ({ data: { placed: [3], extended: [], holds: [53] } }));
    const { view, user } = renderResults(CLINICAL, { verbs: { placeResultHold } });

    const dialog = await openBulkDialog(user, ['HIV 1+2 Ab+Ag'], 'Hold…');
    await user.click(within(dialog).getByRole('radio', { name: 'State law' }));
    expect(within(dialog).getByText(/The law and its citation come from each result’s category/)).toBeInTheDocument();
    const reason = within(dialog).getByRole('textbox', { name: /^Reason/ });
    await user.type(reason, 'For review{Enter}');
    expect(reason).toHaveAccessibleDescription('“For review” is not a legal basis for a delay: say why this result is held.');
    expect(placeResultHold).not.toHaveBeenCalled();

    await user.clear(reason);
    await user.type(reason, 'Counseling required before disclosure{Enter}');

    await screen.findByText('Held 1 result.');
    expect(placeResultHold.mock.calls[0]).toStrictEqual([{ body: { resultIds: [3], basis: 'state_law', reason: 'Counseling required before disclosure' } }]);
    view.unmount();
  });

  it('when the server refuses the review date, then its message shows on that field and the dialog stays open', async () => {
    const refusal = {
      code: 'validation_failed',
      message: 'reviewBy: must be at most 14 days ahead (the hospital’s setting)',
      requestId: 'r1',
      errors: { reviewBy: 'must be at most 14 days ahead (the hospital’s setting)' },
    };
    const placeResultHold = vi.fn(async () => Promise.reject(new HttpError(refusal.message, 422, refusal)));
    const { view, user } = renderResults(CLINICAL, { verbs: { placeResultHold } });

    const dialog = await openBulkDialog(user, ['Hemoglobin A1c'], 'Hold…');
    await user.click(within(dialog).getByRole('radio', { name: 'Preventing harm' }));
    await user.click(within(dialog).getByRole('combobox', { name: /Type of harm/ }));
    await user.click(await screen.findByRole('option', { name: 'Danger to the life or physical safety of the patient or another person' }));
    const reviewBy = within(dialog).getByRole('textbox', { name: /Review by/ });
    await user.type(reviewBy, '01/30/2027');
    await user.type(within(dialog).getByRole('textbox', { name: /^Reason/ }), 'Risk of self-harm{Enter}');

    await waitFor(() => expect(reviewBy).toHaveAccessibleDescription('Review by must be at most 14 days ahead (the hospital’s setting).'));
    expect(reviewBy).toHaveAttribute('aria-invalid', 'true');
    expect(reviewBy).toHaveFocus();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    view.unmount();
  });

  it('when a clinician releases a held result now, then the reason is sent and the table reloads', async () => {
    const releaseResults = vi.fn(async () => ({ data: { released: [1] } }));
    const { view, getManyReference, user } = renderResults(CLINICAL, { verbs: { releaseResults } });

    const dialog = await openBulkDialog(user, ['Hemoglobin A1c', 'Potassium'], 'Release now…');
    // Potassium is in the portal already: only the held result is released.
    expect(dialog).toHaveAccessibleName('Release 1 result to the portal now');
    const reason = within(dialog).getByRole('textbox', { name: /Reason for releasing now/ });
    expect(reason).toHaveFocus();
    await user.type(reason, 'Discussed with the patient by phone{Enter}');

    expect(await screen.findByText('Released 1 result to the portal.')).toBeInTheDocument();
    expect(releaseResults.mock.calls[0]).toStrictEqual([{ body: { resultIds: [1], reason: 'Discussed with the patient by phone' } }]);
    await waitFor(() => expect(getManyReference.mock.calls.filter(([resource]) => resource === 'results').length).toBeGreaterThan(1));
    view.unmount();
  });

  it('when someone released the result first, then the server’s words are shown and the table reloads', async () => {
    const conflict = {
      code: 'not_held',
      message: 'Result ACC-1001 is no longer held: it was released at 10:02 AM.',
      requestId: 'r2',
      details: { resultIds: [1] },
    };
    const releaseResults = vi.fn(async () => Promise.reject(new HttpError(conflict.message, 409, conflict)));
    const { view, getManyReference, user } = renderResults(CLINICAL, { verbs: { releaseResults } });

    const dialog = await openBulkDialog(user, ['Hemoglobin A1c'], 'Release now…');
    await user.type(within(dialog).getByRole('textbox', { name: /Reason for releasing now/ }), 'Discussed with the patient{Enter}');

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Result ACC-1001 is no longer held: it was released at 10:02 AM. The table now shows the results as they stand.',
    );
    await waitFor(() => expect(getManyReference.mock.calls.filter(([resource]) => resource === 'results').length).toBeGreaterThan(1));
    view.unmount();
  });
});
