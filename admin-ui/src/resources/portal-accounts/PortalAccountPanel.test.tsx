import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RecordContextProvider } from 'react-admin';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import type { PortalAccountPanel as PanelData } from '../../providers/dataProvider.ts';
import { PortalAccountPanel } from './PortalAccountPanel.tsx';

const basePanel: PanelData = {
  id: 42,
  state: 'no_account',
  patient: { id: 42, mrn: '10000042', family_name: 'Weimann', given_name: 'Jeanne', has_email: true },
  account: null,
  latest_code: null,
  sign_ins: [],
  identity_failures: [],
  failed_redemptions: [],
  eligibility: { eligible: true },
  actions: ['issue_code'],
  open_proxies: 0,
};

const lockedPanel: PanelData = {
  ...basePanel,
  state: 'locked',
  account: {
    id: 9,
    username: 'jweimann',
    status: 'locked',
    activated_at: '2026-10-01T14:00:00Z',
    last_sign_in_at: '2026-11-20T15:00:00Z',
    locked_at: '2026-11-25T16:30:00Z',
    deactivated_at: null,
    deactivated_by_name: null,
    deactivation_reason: null,
    version: 4,
  },
  failed_redemptions: [{ occurred_at: '2026-11-24T15:00:00Z', reason: 'wrong_birth_date' }],
  actions: ['unlock', 'send_password_reset', 'deactivate'],
};

function renderPanel(methods: Record<string, unknown>, permissions: Record<string, string[]>) {
  return renderInAdmin(
    <RecordContextProvider value={{ id: 42 }}>
      <PortalAccountPanel />
    </RecordContextProvider>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(permissions) },
  );
}

const code = {
  id: 5,
  issued_at: '2026-11-20T15:00:00Z',
  issued_by_name: 'Frankie Desk',
  location: 'Main lobby desk 2',
  // Midnight at the end of January 9 in New York: the code's last day is the 9th.
  expires_at: '2027-01-10T05:00:00Z',
  redeemed_at: null,
  revoked_at: null,
  locked_at: null,
};

describe('PortalAccountPanel', () => {
  it('when one device was shut out of a live code, then support is told the code still works elsewhere and until which day; when wrong birth dates locked it, that the letter may be in other hands', async () => {
    const shutOut: PanelData = {
      ...basePanel,
      state: 'code_pending',
      latest_code: { ...code, state: 'live', failed_attempts: 10, birth_date_failures: 0, failing_devices: 1, devices_shut_out: 1 },
    };
    const first = renderPanel({ getPortalAccount: vi.fn(async () => ({ data: shutOut })) }, { 'portal-accounts': ['show'] });
    expect(await screen.findByText(/1 device is shut out of this code; it still works from any other/)).toBeInTheDocument();
    expect(screen.queryByText(/wrong date of birth was entered/)).not.toBeInTheDocument();
    expect(screen.getByText('10 from 1 device')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('can be used until the end of January 9, 2027.');
    expect(screen.getByText('can be used until the end of January 9, 2027')).toBeInTheDocument();
    first.unmount();

    const locked: PanelData = {
      ...basePanel,
      state: 'code_locked',
      latest_code: { ...code, state: 'locked', failed_attempts: 14, birth_date_failures: 10, failing_devices: 2, devices_shut_out: 1 },
    };
    const second = renderPanel({ getPortalAccount: vi.fn(async () => ({ data: locked })) }, { 'portal-accounts': ['show'] });
    expect(await screen.findByText(/locked after 10 tries with the right code but a wrong date of birth/)).toBeInTheDocument();
    expect(screen.queryByText(/shut out of this code/)).not.toBeInTheDocument();
    second.unmount();
  });

  it('when front desk issues a code at a desk picked from the list, then it shows once with its expiry, the letter can be printed and the desk is sent', async () => {
    const issueActivationCode = vi.fn(async () => ({
      data: {
        id: 1,
        code: 'PY2XJ-ZW6WD-7RJCD',
        // Midnight in New York at the end of 9 January: the code's last day.
        expires_at: '2027-01-10T05:00:00Z',
        revoked_earlier: 0,
        patient: { id: 42, family_name: 'Weimann', given_name: 'Jeanne' },
      },
    }));
    const getPortalAccount = vi.fn(async () => ({ data: basePanel }));
    const activeDeskLocations = vi.fn(async () => ({
      data: [
        { id: 3, name: 'Cardiology check-in' },
        { id: 2, name: 'Main lobby desk 2' },
      ],
    }));
    const view = renderPanel({ getPortalAccount, issueActivationCode, activeDeskLocations }, { 'activation-codes': ['create'], 'portal-accounts': ['show'] });
    const user = userEvent.setup();

    expect(await screen.findByText('This patient has no portal account and no activation code yet.')).toBeInTheDocument();
    // Issuing before saying where is refused on the field, not sent.
    await user.click(screen.getByRole('button', { name: 'Issue activation code' }));
    expect(await screen.findByText('Choose where the code is handed over, then issue it.')).toBeInTheDocument();
    expect(issueActivationCode).not.toHaveBeenCalled();
    await user.click(screen.getByRole('combobox', { name: /Desk location/ }));
    await user.click(await screen.findByRole('option', { name: 'Main lobby desk 2' }));
    await user.click(screen.getByRole('button', { name: 'Issue activation code' }));

    const dialog = await screen.findByRole('dialog', { name: 'Activation code for Jeanne Weimann' });
    expect(within(dialog).getByTestId('issued-code')).toHaveTextContent('PY2XJ-ZW6WD-7RJCD');
    expect(within(dialog).getByText('Valid through January 9, 2027 (until midnight), for one use.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Print activation letter' })).toBeInTheDocument();
    expect(issueActivationCode).toHaveBeenCalledWith({ patientId: 42, locationId: 2 });

    // "Done" without printing warns first: the code cannot be shown again.
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(within(dialog).getByText(/The letter has not been printed/)).toBeInTheDocument();
    expect(within(dialog).getByTestId('issued-code')).toHaveTextContent('PY2XJ-ZW6WD-7RJCD');
    await user.click(within(dialog).getByRole('button', { name: 'Close without printing' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    view.unmount();
  });

  it('when the account is locked, then support reads why and unlocks it with the version they saw', async () => {
    const getPortalAccount = vi
      .fn()
      .mockResolvedValueOnce({ data: lockedPanel })
      .mockResolvedValue({ data: { ...lockedPanel, state: 'active', actions: ['send_password_reset', 'deactivate'] } });
    const changePortalAccount = vi.fn(async () => ({ data: {} }));
    const view = renderPanel(
      { getPortalAccount, changePortalAccount },
      { 'portal-accounts': ['show', 'unlock', 'reset-password', 'deactivate', 'reactivate'] },
    );
    const user = userEvent.setup();

    expect(await screen.findByText(/The account jweimann is locked after failed sign-ins/)).toBeInTheDocument();
    expect(screen.getByText(/the date of birth did not match/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Unlock' }));

    expect(changePortalAccount).toHaveBeenCalledWith({ patientId: 42, change: 'unlock', body: { version: 4 } });
    expect(await screen.findByText('The account is unlocked.')).toBeInTheDocument();
    expect(await screen.findByText(/The account jweimann is active/)).toBeInTheDocument();
    view.unmount();
  });

  it('when support deactivates an account two proxies see through, then the dialog asks whether their access ends too and sends the answer', async () => {
    const activePanel: PanelData = { ...lockedPanel, state: 'active', actions: ['send_password_reset', 'deactivate'], open_proxies: 2 };
    const getPortalAccount = vi.fn(async () => ({ data: activePanel }));
    const changePortalAccount = vi.fn(async () => ({ data: {} }));
    const view = renderPanel({ getPortalAccount, changePortalAccount }, { 'portal-accounts': ['show', 'deactivate'] });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'Patient asked to close it');
    await user.click(within(dialog).getByRole('checkbox', { name: /end the access of the 2 people/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));

    expect(changePortalAccount).toHaveBeenCalledWith({
      patientId: 42,
      change: 'deactivate',
      body: { version: 4, reason: 'Patient asked to close it', revokeProxies: true },
    });
    view.unmount();
  });

  it('when a patient is too young, then no issue button shows and the reason points to proxy access', async () => {
    const tooYoung: PanelData = {
      ...basePanel,
      eligibility: {
        eligible: false,
        code: 'patient_too_young',
        message: 'Patients under 13 cannot have their own portal account. A parent or guardian can ask for proxy access.',
      },
      actions: [],
    };
    const view = renderPanel({ getPortalAccount: vi.fn(async () => ({ data: tooYoung })) }, { 'activation-codes': ['create'], 'portal-accounts': ['show'] });
    expect(await screen.findByText(/ask for proxy access/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Issue activation code' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when a live code was tried with wrong birth dates, then the panel leads with that and what to check', async () => {
    const guessed: PanelData = {
      ...basePanel,
      state: 'code_pending',
      latest_code: { ...code, state: 'live', failed_attempts: 6, birth_date_failures: 6, failing_devices: 1, devices_shut_out: 0 },
    };
    const view = renderPanel({ getPortalAccount: vi.fn(async () => ({ data: guessed })) }, { 'portal-accounts': ['show'] });
    const headline = await screen.findByText('A wrong date of birth was entered 6 times with this code: check the birth date on file with the caller.');
    const sentence = screen.getByText(/The patient has not activated the account yet/);
    // The headline comes before the state's own sentence.
    expect(headline.compareDocumentPosition(sentence) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    view.unmount();
  });
});
