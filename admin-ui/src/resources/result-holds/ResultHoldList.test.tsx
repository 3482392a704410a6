import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { HttpError } from 'react-admin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResultHold } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ResultHoldList } from './ResultHoldList.tsx';

const CLINICAL = { patients: ['list', 'show'], results: ['list', 'show', 'release'], 'result-holds': ['list', 'create', 'edit', 'export'] };
const COMPLIANCE = { patients: ['list', 'show'], results: ['list', 'show'], 'result-holds': ['list', 'export'] };

const hold = (id: number, overrides: Partial<ResultHold> = {}): ResultHold => ({
  id,
  result_id: 500 + id,
  patient_id: 42,
  patient_mrn: '10000042',
  patient_name: 'Lindqvist, Harold',
  accession_number: `ACC-2026-${id}`,
  test_name: 'Hemoglobin A1c',
  basis: 'patient_request',
  reason: 'The patient wants to hear it from her doctor first.',
  placed_at: '2026-11-20T20:30:00Z',
  decided_by_name: 'Dr. Amara Okafor',
  ends_at: null,
  until_patient_asks: true,
  requested_on: '2026-11-20',
  harm_type: null,
  citation: null,
  category: 'chemistry',
  ended_at: null,
  ended_how: null,
  ended_by_name: null,
  end_reason: null,
  extensions: 0,
  overdue: false,
  version: 3,
  ...overrides,
});

const releasedNow = hold(2, {
  patient_id: 43,
  patient_name: 'Nguyen, Tam',
  patient_mrn: '10000043',
  test_name: 'PHQ-9 score',
  basis: 'preventing_harm',
  requested_on: null,
  harm_type: 'life_or_physical_safety',
  until_patient_asks: false,
  ends_at: '2026-12-04T14:00:00Z',
  ended_at: '2026-12-01T15:00:00Z',
  ended_how: 'released_now',
  ended_by_name: 'Dana Whitfield',
  end_reason: 'Discussed with the patient by phone.',
  extensions: 2,
});

const expired = hold(3, {
  test_name: 'HIV-1/2 antibody',
  basis: 'state_law',
  requested_on: null,
  until_patient_asks: false,
  citation: 'State public health law: post-test counseling first',
  category: 'sti_hiv',
  ends_at: '2026-11-23T20:30:00Z',
  ended_at: '2026-11-23T20:31:00Z',
  ended_how: 'expired',
});

const withdrawn = hold(4, {
  test_name: 'Lipid panel',
  ended_at: '2026-11-25T16:45:00Z',
  ended_how: 'basis_withdrawn',
  ended_by_name: 'Sam Rivera',
  end_reason: 'The patient asked to see it now.',
});

const overdue = hold(5, {
  test_name: 'TSH',
  basis: 'preventing_harm',
  requested_on: null,
  harm_type: 'substantial_harm_to_other_person',
  until_patient_asks: false,
  ends_at: '2026-11-30T14:00:00Z',
  overdue: true,
});

function renderRegister(permissions: Record<string, string[]>, methods: Record<string, unknown>, path = '/result-holds') {
  return renderInAdmin(<ResultHoldList />, {
    dataProvider: fakeDataProvider(methods as never),
    authProvider: fakeAuthProvider(permissions),
    path,
    resource: 'result-holds',
  });
}

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

afterEach(() => vi.restoreAllMocks());

describe('ResultHoldList (the hold register)', () => {
  it('when holds are listed, then each names its patient, test, basis in words, end, extensions and how it ended, newest first', async () => {
    const getList = vi.fn(async () => ({ data: [hold(1), releasedNow, expired, withdrawn, overdue], total: 5 }));
    const view = renderRegister(CLINICAL, { getList });

    const link = (await screen.findAllByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' }))[0];
    expect(link).toHaveAttribute('href', '/patients/42/show/results');

    const open = rowOf('Hemoglobin A1c');
    expect(within(open).getByText('Patient request (45 CFR 171.202(e))')).toBeInTheDocument();
    expect(within(open).getByText('Accession ACC-2026-1')).toBeInTheDocument();
    expect(within(open).getByText('Until the patient asks')).toBeInTheDocument();
    expect(within(open).getByText('Open')).toBeInTheDocument();
    expect(within(open).getByText('Dr. Amara Okafor')).toBeInTheDocument();

    const released = rowOf('PHQ-9 score');
    expect(within(released).getByText('Preventing harm (45 CFR 171.201)')).toBeInTheDocument();
    expect(await within(released).findByText('Ended Dec 1, 2026, 10:00 AM EST: released now by Dana Whitfield')).toBeInTheDocument();
    expect(within(released).getByText('“Discussed with the patient by phone.”')).toBeInTheDocument();
    expect(within(released).getByText('2')).toBeInTheDocument();

    const stateLaw = rowOf('HIV-1/2 antibody');
    expect(within(stateLaw).getByText('State law (the category’s standing rule)')).toBeInTheDocument();
    expect(within(stateLaw).getByText('State public health law: post-test counseling first')).toBeInTheDocument();
    expect(await within(stateLaw).findByText('Ended Nov 23, 2026, 3:31 PM EST: expired, released by the release job')).toBeInTheDocument();

    expect(await within(rowOf('Lipid panel')).findByText('Ended Nov 25, 2026, 11:45 AM EST: basis withdrawn by Sam Rivera')).toBeInTheDocument();

    const late = rowOf('TSH');
    expect(within(late).getByText('Overdue')).toBeInTheDocument();
    expect(await within(late).findByText('Nov 30, 2026, 9:00 AM EST')).toBeInTheDocument();
    expect(within(open).queryByText('Overdue')).not.toBeInTheDocument();

    expect(getList).toHaveBeenCalledWith('result-holds', expect.objectContaining({ filter: {}, sort: { field: 'placed_at', order: 'DESC' } }));
    view.unmount();
  });

  it('when no hold was ever placed, then the register says so plainly and keeps its filters', async () => {
    const view = renderRegister(COMPLIANCE, { getList: vi.fn(async () => ({ data: [], total: 0 })) });
    expect(await screen.findByText('No result has been held')).toBeInTheDocument();
    expect(screen.getByRole('search', { name: 'Filter the hold register' })).toBeInTheDocument();
    view.unmount();
  });

  it('when opened for one patient and filtered, then every filter reaches the API with the patient kept, until "Show every patient"', async () => {
    const getList = vi.fn(async () => ({ data: [releasedNow], total: 1 }));
    const view = renderRegister(CLINICAL, { getList }, `/result-holds?filter=${encodeURIComponent(JSON.stringify({ patient_id: 43 }))}`);
    const user = userEvent.setup();

    expect(await screen.findByText('Only the holds of Nguyen, Tam (MRN 10000043).')).toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith('result-holds', expect.objectContaining({ filter: { patient_id: 43 } }));
    const form = screen.getByRole('search', { name: 'Filter the hold register' });

    await user.click(within(form).getByRole('combobox', { name: 'Basis' }));
    await user.click(await screen.findByRole('option', { name: 'Preventing harm (45 CFR 171.201)' }));
    await user.click(within(form).getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Ended: released now' }));
    await user.type(within(form).getByRole('textbox', { name: 'Placed from (date)' }), '11/01/2026');
    await user.type(within(form).getByRole('textbox', { name: 'Placed until (date, inclusive)' }), '11/30/2026');
    await user.click(within(form).getByRole('button', { name: 'Search' }));

    const filtered = { patient_id: 43, basis: 'preventing_harm', open: false, ended_how: 'released_now', placed_from: '2026-11-01', placed_to: '2026-11-30' };
    await waitFor(() => expect(getList).toHaveBeenLastCalledWith('result-holds', expect.objectContaining({ filter: filtered })));

    await user.click(screen.getByRole('button', { name: 'Show every patient' }));
    const { patient_id: _patient, ...everyPatient } = filtered;
    await waitFor(() => expect(getList).toHaveBeenLastCalledWith('result-holds', expect.objectContaining({ filter: everyPatient })));
    view.unmount();
  });

  it('when the start day is after the end day, then the register is not asked again and the field says why', async () => {
    const getList = vi.fn(async () => ({ data: [hold(1)], total: 1 }));
    const view = renderRegister(CLINICAL, { getList });
    const user = userEvent.setup();
    const form = await screen.findByRole('search', { name: 'Filter the hold register' });
    await screen.findByText('Hemoglobin A1c');
    const calls = getList.mock.calls.length;

    await user.type(within(form).getByRole('textbox', { name: 'Placed from (date)' }), '12/02/2026');
    await user.type(within(form).getByRole('textbox', { name: 'Placed until (date, inclusive)' }), '12/01/2026');
    await user.click(within(form).getByRole('button', { name: 'Search' }));

    expect(within(form).getByRole('textbox', { name: 'Placed until (date, inclusive)' })).toHaveAccessibleDescription('The start date is after the end date.');
    expect(getList).toHaveBeenCalledTimes(calls);
    view.unmount();
  });

  it('when compliance exports, then the CSV is asked for with the filter on screen', async () => {
    const refusal = { code: 'invalid_request', message: 'More than 100,000 holds match; narrow the filter.', requestId: 'r1' };
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(refusal), { status: 400 }));
    const filter = { basis: 'state_law', open: false };
    const view = renderRegister(
      COMPLIANCE,
      { getList: vi.fn(async () => ({ data: [expired], total: 1 })) },
      `/result-holds?filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Export CSV' }));

    expect(await screen.findByText(refusal.message)).toBeInTheDocument();
    const url = new URL(String(fetchSpy.mock.calls[0][0]), 'http://console.test');
    expect(url.pathname).toBe('/api/result-holds/export');
    expect(JSON.parse(url.searchParams.get('filter')!)).toEqual(filter);
    view.unmount();
  });

  it('when a clinician withdraws the basis of an open hold, then a reason is required, the version read is sent, and the register is read again', async () => {
    const ended = hold(1, {
      ended_at: '2026-12-01T16:00:00Z',
      ended_how: 'basis_withdrawn',
      ended_by_name: 'Casey Compliance',
      end_reason: 'The patient asked to see it now.',
      version: 4,
    });
    const getList = vi
      .fn()
      .mockResolvedValueOnce({ data: [hold(1)], total: 1 })
      .mockResolvedValue({ data: [ended], total: 1 });
    const withdrawResultHold = vi.fn(async () => ({ data: ended }));
    const view = renderRegister(CLINICAL, { getList, withdrawResultHold });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Details of the hold on Hemoglobin A1c for Lindqvist, Harold (MRN 10000042)' }));
    const panel = await screen.findByRole('dialog', { name: 'Hold on Hemoglobin A1c' });
    expect(within(panel).getByText('The patient wants to hear it from her doctor first.')).toBeInTheDocument();
    expect(within(panel).getByText('11/20/2026')).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: 'Withdraw basis…' }));

    const dialog = await screen.findByRole('dialog', { name: 'Withdraw the basis of the hold on Hemoglobin A1c for Lindqvist, Harold (MRN 10000042)?' });
    const reason = within(dialog).getByRole('textbox', { name: /Why the basis no longer applies/ });
    await user.type(reason, 'ok');
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw and release' }));
    expect(reason).toHaveAccessibleDescription('Write the reason in a few words (at least 3 characters).');
    expect(withdrawResultHold).not.toHaveBeenCalled();

    await user.type(reason, ' — the patient asked to see it now.');
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw and release' }));

    await waitFor(() => expect(withdrawResultHold).toHaveBeenCalledWith({ id: 1, body: { reason: 'ok — the patient asked to see it now.', version: 3 } }));
    expect(await screen.findByText('Basis withdrawn: the result of Hemoglobin A1c is released to the portal.')).toBeInTheDocument();
    await waitFor(() => expect(getList).toHaveBeenCalledTimes(2));
    const refreshed = screen.getByRole('dialog', { name: 'Hold on Hemoglobin A1c' });
    expect(await within(refreshed).findByText(/basis withdrawn by Casey Compliance/)).toBeInTheDocument();
    expect(within(refreshed).queryByRole('button', { name: 'Withdraw basis…' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when someone acted on the hold first, then the server’s words show and the register is read again', async () => {
    const message = 'This hold is no longer open: Dana Whitfield released the result at 10:58 AM.';
    const getList = vi
      .fn()
      .mockResolvedValueOnce({ data: [hold(1)], total: 1 })
      .mockResolvedValue({
        data: [
          hold(1, { ended_at: '2026-12-01T15:58:00Z', ended_how: 'released_now', ended_by_name: 'Dana Whitfield', end_reason: 'Called her.', version: 4 }),
        ],
        total: 1,
      });
    const withdrawResultHold = vi.fn(async () => {
      throw new HttpError(message, 409, { code: 'not_open', message, requestId: 'r-9' });
    });
    const view = renderRegister(CLINICAL, { getList, withdrawResultHold });
    const user = userEvent.setup();

    await user.click(await screen.findByText('Hemoglobin A1c'));
    await user.click(within(await screen.findByRole('dialog', { name: 'Hold on Hemoglobin A1c' })).getByRole('button', { name: 'Withdraw basis…' }));
    const dialog = await screen.findByRole('dialog', { name: /^Withdraw the basis/ });
    await user.type(within(dialog).getByRole('textbox', { name: /Why the basis no longer applies/ }), 'The patient asked.');
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw and release' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveTextContent('Someone acted on this hold first; the register now shows it as it stands.');
    await waitFor(() => expect(getList).toHaveBeenCalledTimes(2));
    const panel = screen.getByRole('dialog', { name: 'Hold on Hemoglobin A1c' });
    expect(await within(panel).findByText(/released now by Dana Whitfield/)).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: 'Withdraw basis…' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when compliance opens an open hold, then every field reads in words and nothing can be changed', async () => {
    const view = renderRegister(COMPLIANCE, { getList: vi.fn(async () => ({ data: [overdue], total: 1 })) });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /^Details of the hold on TSH/ }));
    const panel = await screen.findByRole('dialog', { name: 'Hold on TSH' });
    expect(within(panel).getByText('Likely to cause substantial harm to another person the result refers to')).toBeInTheDocument();
    expect(within(panel).getByText('Past its end: the release job has not released it yet.')).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: 'Lindqvist, Harold (MRN 10000042)' })).toHaveAttribute('href', '/patients/42/show/results');
    expect(within(panel).queryByRole('button', { name: 'Withdraw basis…' })).not.toBeInTheDocument();
    view.unmount();
  });
});
