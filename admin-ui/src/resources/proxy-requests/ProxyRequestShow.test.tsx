import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { HttpError } from 'react-admin';
import { describe, expect, it, vi } from 'vitest';
import type { ProxyRequestCase } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ProxyRequestShow } from './ProxyRequestShow.tsx';

const ROI = { 'proxy-requests': ['list', 'show', 'edit'], patients: ['list', 'show'], documents: ['show'] };
const COMPLIANCE = { 'proxy-requests': ['list', 'show'], patients: ['list', 'show'], documents: ['show'] };
const SHA = 'a3f1c9e0b7d24e6f8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071';

const openCase = (overrides: Partial<ProxyRequestCase> = {}): ProxyRequestCase => ({
  id: 12,
  submitted_at: '2026-11-20T20:30:00Z',
  status: 'submitted',
  kind: 'adult',
  relationship: 'power_of_attorney',
  requester_name: 'Okafor, Rita',
  requester_username: 'rita.okafor',
  patient_id: 42,
  patient_name: 'Lindqvist, Harold',
  patient_mrn: '10000042',
  due_at: '2026-11-24T20:30:00Z',
  overdue: false,
  assignee_id: null,
  assignee_name: null,
  documents: 2,
  version: 3,
  note: 'I hold his durable power of attorney since March.',
  requester: {
    family_name: 'Okafor',
    given_name: 'Rita',
    date_of_birth: '1980-05-17',
    mrn: '10000101',
    age: 46,
    account_status: 'active',
    account_since: '2025-02-03T15:00:00Z',
  },
  patient_as_named: { family_name: 'LINDQVIST', given_name: 'Harald', date_of_birth: '1950-02-02', mrn: null },
  patient_on_file: { family_name: 'Lindqvist', given_name: 'Harold', date_of_birth: '1950-02-02', mrn: '10000042', age: 76, deceased: false },
  question: null,
  question_asked_at: null,
  decision_reason: null,
  checklist: null,
  decided_at: null,
  decided_by_name: null,
  business_minutes_left: null,
  created_relationship: null,
  document_list: [
    { id: 5, file_name: 'poa-lindqvist.pdf', media_type: 'application/pdf', bytes: 48_213, sha256: SHA, received_at: '2026-11-20T20:30:00Z' },
    { id: 6, file_name: 'id-card.png', media_type: 'image/png', bytes: 812, sha256: SHA.replace('a3', 'b4'), received_at: '2026-11-20T20:30:00Z' },
  ],
  ...overrides,
});

function renderCase(permissions: Record<string, string[]>, methods: Record<string, unknown>) {
  return renderInAdmin(
    <Routes>
      <Route path="/proxy-requests/:id/show" element={<ProxyRequestShow />} />
    </Routes>,
    {
      dataProvider: fakeDataProvider(methods as never),
      authProvider: fakeAuthProvider(permissions),
      path: '/proxy-requests/12/show',
      resource: 'proxy-requests',
    },
  );
}

const rowOf = (table: HTMLElement, field: string) => within(table).getByRole('rowheader', { name: field }).closest('tr')!;

describe('ProxyRequestShow', () => {
  it('when ROI opens a request, then the requester and the patient stand side by side, differences in words, and the documents are in a viewer', async () => {
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase() })) });
    const user = userEvent.setup();

    const requester = await screen.findByRole('region', { name: 'Requester (their own patient record)' });
    expect(within(requester).getByText('Okafor, Rita')).toBeInTheDocument();
    expect(within(requester).getByText('05/17/1980 (46 years)')).toBeInTheDocument();
    expect(within(requester).getByText('Active')).toBeInTheDocument();

    const patient = within(screen.getByRole('region', { name: 'Patient' })).getByRole('table');
    expect(within(patient).getByRole('columnheader', { name: 'On file (MRN 10000042)' })).toBeInTheDocument();
    expect(within(rowOf(patient, 'Given name')).getByText('Differs')).toBeInTheDocument();
    expect(within(rowOf(patient, 'Family name')).getByText('Same name, spelt differently')).toBeInTheDocument();
    expect(within(rowOf(patient, 'Date of birth')).getByText('Same')).toBeInTheDocument();
    expect(within(rowOf(patient, 'MRN')).getByText('Not given by the requester')).toBeInTheDocument();
    expect(screen.getByText('I hold his durable power of attorney since March.')).toBeInTheDocument();

    const documents = screen.getByRole('region', { name: 'Documents (2)' });
    const frame = within(documents).getByTitle('Document: poa-lindqvist.pdf');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute('src', '/api/documents/5/content');
    expect(within(documents).getByText(`SHA-256: ${SHA}`)).toBeInTheDocument();
    // In the organization's zone, once the signed-in identity (which names it) has loaded.
    expect(await within(documents).findByText(/^48\.2 kB · received Nov 20, 2026, 3:30 PM EST$/)).toBeInTheDocument();
    expect(within(documents).getByRole('link', { name: /Open poa-lindqvist\.pdf in a new tab/ })).toHaveAttribute('target', '_blank');
    await user.click(within(documents).getByRole('tab', { name: 'id-card.png' }));
    expect(within(documents).getByRole('img', { name: 'Scanned document: id-card.png' })).toHaveAttribute('src', '/api/documents/6/content');
    view.unmount();
  });

  it('when no single patient on file matches, then the page says so and shows the patient as named alone', async () => {
    const view = renderCase(ROI, {
      getOne: vi.fn(async () => ({ data: openCase({ patient_id: null, patient_mrn: null, patient_on_file: null, document_list: [], documents: 0 }) })),
    });
    expect(await screen.findByText(/No single patient on file matches/)).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /On file/ })).not.toBeInTheDocument();
    expect(screen.getByText('No documents were sent with this request.')).toBeInTheDocument();
    view.unmount();
  });

  it('when ROI takes the request and approves it with full access, then the right body goes out with the version read, and the page shows the decision', async () => {
    let current = openCase();
    const getOne = vi.fn(async () => ({ data: current }));
    const takeProxyRequest = vi.fn(async () => {
      current = { ...current, assignee_id: 3, assignee_name: 'Rosa Ortiz', version: 4 };
      return { data: current };
    });
    const decideProxyRequest = vi.fn(async ({ body }: { body: { checklist: ProxyRequestCase['checklist'] } }) => {
      current = {
        ...current,
        status: 'approved',
        due_at: null,
        checklist: body.checklist,
        decided_at: '2026-12-01T16:00:00Z',
        decided_by_name: 'Rosa Ortiz',
        created_relationship: { id: 88, access_level: 'full', starts_on: '2026-12-01', ends_on: '2027-11-30' },
        version: 5,
      };
      return { data: current };
    });
    const view = renderCase(ROI, { getOne, takeProxyRequest, decideProxyRequest });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Take' }));
    expect(takeProxyRequest).toHaveBeenCalledWith({ id: 12, version: 3 });
    expect(await screen.findByText('Rosa Ortiz')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Take' })).not.toBeInTheDocument();

    for (const check of ['The document proves the relationship', 'The document is signed and dated', 'The power of attorney or guardianship has not expired']) {
      await user.click(screen.getByRole('checkbox', { name: check }));
    }
    await user.click(screen.getByRole('radio', { name: 'Approve' }));
    await user.click(screen.getByRole('radio', { name: 'Full access' }));
    const startsOn = screen.getByRole('textbox', { name: 'Starts on' });
    await user.clear(startsOn);
    await user.type(startsOn, '12/01/2026');
    await user.type(screen.getByRole('textbox', { name: 'Ends on (optional)' }), '11/30/2027');
    expect(screen.getByText('November 30, 2027')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(decideProxyRequest).toHaveBeenCalledWith({
        id: 12,
        body: {
          decision: 'approve',
          accessLevel: 'full',
          startsOn: '2026-12-01',
          endsOn: '2027-11-30',
          checklist: { relationshipProven: true, signedAndDated: true, notExpired: true },
          version: 4,
        },
      }),
    );
    expect(await screen.findByText('Approved: the requester has access now.')).toBeInTheDocument();
    expect(await screen.findByText('Approved Dec 1, 2026, 11:00 AM EST by Rosa Ortiz')).toBeInTheDocument();
    expect(screen.getByText('Full access from December 1, 2026, until November 30, 2027')).toBeInTheDocument();
    expect(screen.getByText('The document is signed and dated: Checked')).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Approve' })).not.toBeInTheDocument();
    // The page showed what the decision answered: the request was read once.
    expect(getOne).toHaveBeenCalledTimes(1);
    view.unmount();
  });

  it('when ROI denies without a reason, then nothing is sent and the reason field says what is missing', async () => {
    const decideProxyRequest = vi.fn();
    const view = renderCase(ROI, { getOne: vi.fn(async () => ({ data: openCase() })), decideProxyRequest });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('radio', { name: 'Deny' }));
    await user.type(screen.getByRole('textbox', { name: /Reason for the denial/ }), 'no');
    await user.click(screen.getByRole('button', { name: 'Deny' }));

    const reason = screen.getByRole('textbox', { name: /Reason for the denial/ });
    expect(reason).toHaveAccessibleDescription('Write a few words: the requester reads them.');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveFocus();
    expect(decideProxyRequest).not.toHaveBeenCalled();
    view.unmount();
  });

  it('when someone else decided first, then the server’s message says who and when, and Reload shows their decision', async () => {
    let current = openCase();
    const getOne = vi.fn(async () => ({ data: current }));
    const message = 'This request was already denied by Sam Rivera (Dec 1, 2026, 10:12 AM). Reload to see the decision.';
    const decideProxyRequest = vi.fn(async () => {
      current = {
        ...current,
        status: 'denied',
        decision_reason: 'The form is not signed.',
        decided_at: '2026-12-01T15:12:00Z',
        decided_by_name: 'Sam Rivera',
        version: 4,
      };
      throw new HttpError(message, 409, { code: 'already_decided', message, requestId: 'r-1' });
    });
    const view = renderCase(ROI, { getOne, decideProxyRequest });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('radio', { name: 'Ask for more information' }));
    await user.type(screen.getByRole('textbox', { name: /Question for the requester/ }), 'Please send page 2 of the form.');
    await user.click(screen.getByRole('button', { name: 'Ask the requester' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    // Nothing is overwritten: what was typed stays until the reviewer reloads.
    expect(screen.getByRole('textbox', { name: /Question for the requester/ })).toHaveValue('Please send page 2 of the form.');
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(await screen.findByText('Denied Dec 1, 2026, 10:12 AM EST by Sam Rivera')).toBeInTheDocument();
    expect(screen.getByText('The form is not signed.')).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Deny' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when compliance reads an open request, then it sees the request and no control to take or decide it', async () => {
    const view = renderCase(COMPLIANCE, {
      getOne: vi.fn(async () => ({
        data: openCase({
          status: 'more_info_requested',
          due_at: null,
          question: 'Please send the signed page.',
          business_minutes_left: 390,
          checklist: { relationshipProven: true, signedAndDated: false, notExpired: true },
        }),
      })),
    });

    expect(await screen.findByText('You can read this request; Release of Information decides it.')).toBeInTheDocument();
    expect(screen.getByText('Please send the signed page.')).toBeInTheDocument();
    expect(screen.getByText(/6 h 30 min of working time will be left/)).toBeInTheDocument();
    expect(screen.getByText('The document is signed and dated: Not checked')).toBeInTheDocument();
    expect(screen.getByTitle('Document: poa-lindqvist.pdf')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Take' })).not.toBeInTheDocument();
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Approve|Deny|Ask the requester|Record the decision/ })).not.toBeInTheDocument();
    view.unmount();
  });
});
