import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { HttpError } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import type { DemographicChangeRequestCase, RequestedField } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { DemographicChangeRequestShow } from './DemographicChangeRequestShow.tsx';

const ROI = { 'demographic-change-requests': ['list', 'show', 'edit'], patients: ['list', 'show'] };
const COMPLIANCE = { 'demographic-change-requests': ['list', 'show'], patients: ['list', 'show'] };

const race = (overrides: Partial<RequestedField> = {}): RequestedField => ({
  field: 'race',
  value_at_request: ['2106-3'],
  requested_value: ['2106-3', '2028-9'],
  current_value: ['2106-3'],
  changed_since_request: false,
  problem: null,
  decision: 'pending',
  reason: null,
  ...overrides,
});

const email = (overrides: Partial<RequestedField> = {}): RequestedField => ({
  field: 'email',
  value_at_request: 'h.lindqvist@example.org',
  requested_value: 'harold@example.com',
  current_value: 'h.lindqvist@example.org',
  changed_since_request: false,
  problem: null,
  decision: 'pending',
  reason: null,
  ...overrides,
});

/** An address the record changed in (a newer EHR import) after the patient asked. */
const address = (overrides: Partial<RequestedField> = {}): RequestedField => ({
  field: 'address',
  value_at_request: { line1: '12 Elm St', line2: null, city: 'Hartford', state: 'CT', postal_code: '06103' },
  requested_value: { line1: '7 Main St', line2: 'Apt 2', city: 'West Hartford', state: 'CT', postal_code: '06107' },
  current_value: { line1: '40 Oak Ave', line2: null, city: 'Hartford', state: 'CT', postal_code: '06105' },
  changed_since_request: true,
  problem: null,
  decision: 'pending',
  reason: null,
  ...overrides,
});

/** A language tag the hospital does not support: it can only be rejected. */
const language = (overrides: Partial<RequestedField> = {}): RequestedField => ({
  field: 'preferred_language',
  value_at_request: 'es',
  requested_value: 'tlh',
  current_value: 'es',
  changed_since_request: false,
  problem: '"tlh" (Klingon) is not among the languages the hospital supports',
  decision: 'pending',
  reason: null,
  ...overrides,
});

const openCase = (requestedFields: RequestedField[], overrides: Partial<DemographicChangeRequestCase> = {}): DemographicChangeRequestCase => ({
  id: 12,
  patient_id: 42,
  patient_mrn: '10000042',
  patient_name: 'Lindqvist, Harold',
  received_at: '2026-11-20T20:30:00Z',
  due_at: '2026-11-24T20:30:00Z',
  overdue: false,
  status: 'submitted',
  fields: requestedFields.map((field) => field.field),
  reviewed_at: null,
  reviewed_by_name: null,
  version: 3,
  patient_version: 7,
  patient_date_of_birth: '1950-02-02',
  portal_username: 'harold.lindqvist',
  requested_fields: requestedFields,
  ...overrides,
});

function renderCase(permissions: Record<string, string[]>, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/demographic-change-requests/:id/show" element={<DemographicChangeRequestShow />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider(methods as never),
      authProvider: fakeAuthProvider(permissions),
      path: '/demographic-change-requests/12/show',
      resource: 'demographic-change-requests',
    },
  );
}

const fieldSection = (label: string) => screen.getByRole('region', { name: label });

describe('DemographicChangeRequestShow', () => {
  it('when ROI opens a request, then the patient heads the page and each field reads as its value now and as asked, in words, with its flags', async () => {
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase([race(), address(), language()]) })) });

    expect(await screen.findByText('harold.lindqvist')).toBeInTheDocument();
    expect(screen.getByText('02/02/1950')).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: '10000042' })).toHaveAttribute('href', '/patients/42/show');

    const raceRow = fieldSection('Race');
    expect(within(raceRow).getByText('White')).toBeInTheDocument();
    expect(within(raceRow).getByText('White, Asian')).toBeInTheDocument();
    expect(within(raceRow).queryByText(/2106-3|2028-9/)).not.toBeInTheDocument();

    const addressRow = fieldSection('Address');
    expect(within(addressRow).getByText('40 Oak Ave, Hartford, CT 06105')).toBeInTheDocument();
    expect(within(addressRow).getByText('7 Main St, Apt 2, West Hartford, CT 06107')).toBeInTheDocument();
    expect(within(addressRow).getByText('Changed since the request: it was 12 Elm St, Hartford, CT 06103 when the patient asked.')).toBeInTheDocument();

    const languageRow = fieldSection('Preferred language');
    expect(within(languageRow).getByText('Spanish')).toBeInTheDocument();
    expect(within(languageRow).getByText(/^Cannot be accepted: the requested value "tlh" \(Klingon\) is not among the languages/)).toBeInTheDocument();
    expect(within(languageRow).getByRole('radio', { name: 'Accept' })).toBeDisabled();
    expect(within(languageRow).getByRole('radio', { name: 'Reject' })).toBeEnabled();
    view.unmount();
  });

  it('when ROI accepts one field and rejects another with a reason, then the review sends both with the version read, and the page shows the decisions', async () => {
    let current = openCase([race(), email()]);
    const getOne = vi.fn(async () => ({ data: current }));
    const review = vi.fn(async () => {
      current = {
        ...current,
        status: 'reviewed',
        reviewed_at: '2026-12-01T16:00:00Z',
        reviewed_by_name: 'Rosa Ortiz',
        version: 4,
        requested_fields: [
          race({ decision: 'accepted', current_value: ['2106-3', '2028-9'] }),
          email({ decision: 'rejected', reason: 'Reply from the new address.' }),
        ],
      };
      return { data: current };
    });
    const view = renderCase(ROI, { getOne, reviewDemographicChangeRequest: review });
    const user = userEvent.setup();

    await user.click(within(await screen.findByRole('region', { name: 'Race' })).getByRole('radio', { name: 'Accept' }));
    await user.click(within(fieldSection('Email')).getByRole('radio', { name: 'Reject' }));
    await user.type(within(fieldSection('Email')).getByRole('textbox', { name: /Reason \(sent to the patient\)/ }), '  Reply from the new address. ');
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    await waitFor(() =>
      expect(review).toHaveBeenCalledWith({
        id: 12,
        body: {
          fields: {
            race: { decision: 'accept' },
            email: { decision: 'reject', reason: 'Reply from the new address.' },
          },
          version: 3,
          patientVersion: 7,
        },
      }),
    );
    expect(await screen.findByText('Review saved: the patient will be told the outcome of each field.')).toBeInTheDocument();
    expect(await screen.findByText('Reviewed Dec 1, 2026, 11:00 AM EST by Rosa Ortiz')).toBeInTheDocument();
    const decisions = screen.getByRole('table');
    expect(within(within(decisions).getByRole('rowheader', { name: 'Race' }).closest('tr')!).getByText('Accepted')).toBeInTheDocument();
    const rejected = within(decisions).getByRole('rowheader', { name: 'Email' }).closest('tr')!;
    expect(within(rejected).getByText('Rejected')).toBeInTheDocument();
    expect(within(rejected).getByText('Reply from the new address.')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    // The page showed what the review answered: the request was read once.
    expect(getOne).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it('when ROI rejects without a reason, then nothing is sent and the reason field says what is missing', async () => {
    const review = vi.fn();
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase([race(), email()]) })), reviewDemographicChangeRequest: review });
    const user = userEvent.setup();

    await user.click(within(await screen.findByRole('region', { name: 'Race' })).getByRole('radio', { name: 'Accept' }));
    await user.click(within(fieldSection('Email')).getByRole('radio', { name: 'Reject' }));
    await user.type(within(fieldSection('Email')).getByRole('textbox', { name: /Reason/ }), '   ');
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    const reason = within(fieldSection('Email')).getByRole('textbox', { name: /Reason/ });
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription('Write the reason: the patient reads it.');
    expect(reason).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need a decision or a reason before the review can be sent.');
    expect(review).not.toHaveBeenCalled();
    view.unmount();
  });

  it('when a field changed since the request, then accepting it needs "I have compared the current value", and the review says so when it goes', async () => {
    const review = vi.fn(async () => ({
      data: openCase([address({ decision: 'accepted' })], { status: 'reviewed', reviewed_at: '2026-12-01T16:00:00Z', reviewed_by_name: 'Rosa Ortiz' }),
    }));
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase([address()]) })), reviewDemographicChangeRequest: review });
    const user = userEvent.setup();

    const row = await screen.findByRole('region', { name: 'Address' });
    await user.click(within(row).getByRole('radio', { name: 'Accept' }));
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    const acknowledge = within(row).getByRole('checkbox', { name: 'I have compared the current value' });
    expect(acknowledge).toHaveFocus();
    expect(acknowledge).toHaveAccessibleDescription('Tick this to accept: the record changed since the patient asked.');
    expect(review).not.toHaveBeenCalled();

    await user.click(acknowledge);
    await user.click(screen.getByRole('button', { name: 'Submit review' }));
    await waitFor(() =>
      expect(review).toHaveBeenCalledWith({
        id: 12,
        body: { fields: { address: { decision: 'accept', acknowledgeChange: true } }, version: 3, patientVersion: 7 },
      }),
    );
    view.unmount();
  });

  it('when ROI presses "Accept all", then every field that can be accepted is, and the one that cannot waits for a rejection', async () => {
    const review = vi.fn(async () => ({
      data: openCase([race({ decision: 'accepted' }), email({ decision: 'accepted' }), language({ decision: 'rejected', reason: 'x' })], {
        status: 'reviewed',
      }),
    }));
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase([race(), email(), language()]) })), reviewDemographicChangeRequest: review });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Accept all' }));
    expect(within(fieldSection('Race')).getByRole('radio', { name: 'Accept' })).toBeChecked();
    expect(within(fieldSection('Email')).getByRole('radio', { name: 'Accept' })).toBeChecked();
    const languageRow = fieldSection('Preferred language');
    expect(within(languageRow).getByRole('radio', { name: 'Accept' })).not.toBeChecked();
    expect(within(languageRow).getByRole('radio', { name: 'Reject' })).not.toBeChecked();
    expect(screen.getByText('Accept all leaves the fields that cannot be accepted as they are.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Submit review' }));
    expect(within(languageRow).getByRole('radio', { name: 'Reject' })).toHaveFocus();
    expect(within(languageRow).getByText('Choose Accept or Reject.')).toBeInTheDocument();
    expect(review).not.toHaveBeenCalled();

    await user.click(within(languageRow).getByRole('radio', { name: 'Reject' }));
    await user.type(within(languageRow).getByRole('textbox', { name: /Reason/ }), 'Not a language we offer.');
    await user.click(screen.getByRole('button', { name: 'Submit review' }));
    await waitFor(() =>
      expect(review).toHaveBeenCalledWith({
        id: 12,
        body: {
          fields: {
            race: { decision: 'accept' },
            email: { decision: 'accept' },
            preferred_language: { decision: 'reject', reason: 'Not a language we offer.' },
          },
          version: 3,
          patientVersion: 7,
        },
      }),
    );
    view.unmount();
  });

  it('when the server refuses a field, then its message stands beside that field', async () => {
    const message = 'The review is incomplete.';
    const review = vi.fn(async () => {
      throw new HttpError(message, 422, {
        code: 'review_incomplete',
        message,
        requestId: 'r-2',
        errors: { 'fields.race': 'cannot be accepted: the requested value names a race twice', root: { serverError: message } },
      });
    });
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase([race(), email()]) })), reviewDemographicChangeRequest: review });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Accept all' }));
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    expect(await within(fieldSection('Race')).findByText('Race cannot be accepted: the requested value names a race twice.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    view.unmount();
  });

  it('when another reviewer got there first, then the page says so, lists their decisions and shows the request as it is now', async () => {
    const theirs = openCase(
      [race({ decision: 'accepted', current_value: ['2106-3', '2028-9'] }), email({ decision: 'rejected', reason: 'Reply from the new address first.' })],
      { status: 'reviewed', reviewed_at: '2026-12-01T15:12:00Z', reviewed_by_name: 'Sam Rivera', version: 4 },
    );
    const message = 'Sam Rivera reviewed this request first. Their decisions are shown.';
    const review = vi.fn(async () => {
      throw new HttpError(message, 409, { code: 'already_reviewed', message, requestId: 'r-1', details: { current: theirs } });
    });
    const getOne = vi.fn(async () => ({ data: openCase([race(), email()]) }));
    const view = renderCase(ROI, { getOne, reviewDemographicChangeRequest: review });
    const user = userEvent.setup();

    await user.click(within(await screen.findByRole('region', { name: 'Race' })).getByRole('radio', { name: 'Reject' }));
    await user.type(within(fieldSection('Race')).getByRole('textbox', { name: /Reason/ }), 'Please call Registration.');
    await user.click(within(fieldSection('Email')).getByRole('radio', { name: 'Accept' }));
    await user.click(screen.getByRole('button', { name: 'Submit review' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Another reviewer got there first')).toBeInTheDocument();
    expect(alert).toHaveTextContent(message);
    expect(within(alert).getByText('Race: Accepted')).toBeInTheDocument();
    expect(within(alert).getByText('Email: Rejected (“Reply from the new address first.”)')).toBeInTheDocument();
    expect(alert).toHaveFocus();
    // The page now shows the request as the server holds it: their review, read-only, without a second read.
    expect(await screen.findByText('Reviewed Dec 1, 2026, 10:12 AM EST by Sam Rivera')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Submit review' })).not.toBeInTheDocument();
    expect(getOne).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it('when compliance reads a waiting request, then it sees the fields and their flags and no control to review them', async () => {
    const view = renderCase(COMPLIANCE, { getOne: vi.fn(async () => ({ data: openCase([race(), address()], { overdue: true }) })) });

    expect(await screen.findByText('You can read this request; Release of Information reviews it.')).toBeInTheDocument();
    expect(screen.getByText('Overdue')).toBeInTheDocument();
    const table = screen.getByRole('table');
    const addressRow = within(table).getByRole('rowheader', { name: 'Address' }).closest('tr')!;
    expect(within(addressRow).getByText(/Changed since the request: it was 12 Elm St/)).toBeInTheDocument();
    expect(within(addressRow).getByText('Waiting for review')).toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Accept all|Submit review/ })).not.toBeInTheDocument();
    view.unmount();
  });
});
