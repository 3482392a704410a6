import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError, RecordContextProvider } from 'react-admin';
import type { ProxyRelationship, WhoCanSee } from '@portaldesk/admin-api/contract';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin } from '../../test-utils.tsx';
import { ProxiesPanel } from './ProxiesPanel.tsx';

const TEEN_SENTENCE =
  'Sees the record except reproductive and sexual health, STI and HIV, mental health and substance use: parent of a patient aged 15, until March 2, 2029; the default age rules hide these from parents and guardians of patients 13 to 17.';

/** Kim Weimann (patient 42, aged 15): her father sees her record; she acts for nobody; her aunt's access was revoked. */
const father: ProxyRelationship = {
  id: 7,
  side: 'patient',
  patient_id: 42,
  patient_name: 'Weimann, Kim',
  patient_mrn: '10000042',
  proxy_patient_id: 51,
  proxy_name: 'Weimann, Morgan',
  proxy_username: 'mweimann',
  relationship: 'parent',
  kind: 'minor',
  access_level: 'full',
  starts_on: '2020-01-01',
  ends_on: null,
  since: '2020-01-01T17:00:00Z',
  until: '2029-03-02',
  status: 'live',
  sees: TEEN_SENTENCE,
  hidden: [
    { category: 'reproductive_sexual_health', because: 'teen_tier' },
    { category: 'sti_hiv', because: 'teen_tier' },
    { category: 'mental_health', because: 'teen_tier' },
    { category: 'substance_use', because: 'teen_tier' },
  ],
  ended_at: null,
  end_cause: null,
  end_reason: null,
  version: 3,
};

const aunt: ProxyRelationship = {
  ...father,
  id: 5,
  proxy_patient_id: 60,
  proxy_name: 'Dubois, Anne',
  proxy_username: 'adubois',
  relationship: 'legal_guardian',
  status: 'ended',
  until: null,
  sees: 'Ended by staff: Court order: custody changed.',
  hidden: [],
  ended_at: '2025-06-10T15:00:00Z',
  end_cause: 'revoked',
  end_reason: 'Court order: custody changed.',
  version: 2,
};

/** Seen from the grandmother's side of another record: Kim's mother holds her power of attorney. */
const grandmother: ProxyRelationship = {
  ...father,
  id: 9,
  side: 'proxy',
  patient_id: 70,
  patient_name: 'Weimann, Rose',
  patient_mrn: '10000070',
  proxy_patient_id: 42,
  proxy_name: 'Weimann, Kim',
  proxy_username: 'kweimann',
  relationship: 'power_of_attorney',
  kind: 'adult',
  access_level: 'limited',
  until: null,
  sees: 'Sees the record except reproductive and sexual health, STI and HIV, mental health and substance use: holder of a power of attorney of an adult patient; the access was approved as limited, which leaves out reproductive and sexual health, STI and HIV, mental health and substance use.',
  version: 1,
};

const ROI = { 'proxy-relationships': ['list', 'revoke'] };
const SUPPORT = { 'proxy-relationships': ['list'] };

function renderPanel(methods: Record<string, unknown>, permissions: Record<string, string[]>) {
  return renderInAdmin(
    <RecordContextProvider value={{ id: 42, family_name: 'Weimann', given_name: 'Kim', mrn: '10000042' }}>
      <ProxiesPanel />
    </RecordContextProvider>,
    { dataProvider: fakeDataProvider(methods as never), authProvider: fakeAuthProvider(permissions) },
  );
}

const sideOf = (name: string) => screen.getByRole('region', { name });
const itemOf = (side: HTMLElement, name: string) => within(side).getByRole('link', { name }).closest('li')!;

afterEach(() => vi.restoreAllMocks());

describe('ProxiesPanel', () => {
  it('when a patient has proxies on both sides, then each list shows the person, relationship, level, dates, status and what they see, with ended ones folded away', async () => {
    const getList = vi.fn(async () => ({ data: [father, grandmother, aunt], total: 3 }));
    const view = renderPanel({ getList }, SUPPORT);
    const user = userEvent.setup();

    const theirs = await screen.findByRole('region', { name: 'Who can see this patient’s record' });
    expect(getList).toHaveBeenCalledWith('proxy-relationships', expect.objectContaining({ filter: { patient_id: 42 } }));
    const dad = itemOf(theirs, 'Weimann, Morgan');
    expect(within(dad).getByRole('link', { name: 'Weimann, Morgan' })).toHaveAttribute('href', '/patients/51/show');
    expect(dad).toHaveTextContent('portal user mweimann');
    expect(dad).toHaveTextContent('Sees the record');
    expect(dad).toHaveTextContent('Parent · for a minor · Full access · since January 1, 2020 · until March 2, 2029');
    expect(within(dad).getByText(TEEN_SENTENCE)).toBeInTheDocument();

    const mine = sideOf('Whose records this patient can see');
    const grandma = itemOf(mine, 'Weimann, Rose');
    expect(grandma).toHaveTextContent('This patient holds their power of attorney · for an adult · Limited access (sensitive categories hidden)');
    expect(grandma).toHaveTextContent('no end date');
    expect(grandma).toHaveTextContent('the access was approved as limited');
    expect(within(mine).queryByText('Weimann, Morgan')).not.toBeInTheDocument();

    // The revoked aunt is folded under "Ended (1)" on the patient's side only.
    const toggle = within(theirs).getByRole('button', { name: 'Ended (1)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(mine).queryByRole('button', { name: /^Ended/ })).not.toBeInTheDocument();
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const ended = itemOf(theirs, 'Dubois, Anne');
    expect(ended).toHaveTextContent('Ended');
    expect(ended).toHaveTextContent('ended June 10, 2025');
    expect(ended).toHaveTextContent('Ended by staff: Court order: custody changed.');
    view.unmount();
  });

  it('when a patient has no proxies either way, then both lists say so plainly', async () => {
    const view = renderPanel({ getList: vi.fn(async () => ({ data: [], total: 0 })) }, SUPPORT);
    expect(await screen.findByText('Nobody has proxy access to this patient’s record.')).toBeInTheDocument();
    expect(screen.getByText('This patient has no proxy access to anyone else’s record.')).toBeInTheDocument();
    view.unmount();
  });

  it('when support reads the panel, then no Revoke is offered: only Release of Information revokes', async () => {
    const view = renderPanel({ getList: vi.fn(async () => ({ data: [father, grandmother], total: 2 })) }, SUPPORT);
    await screen.findByRole('link', { name: 'Weimann, Morgan' });
    expect(screen.queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when ROI revokes without a reason, then nothing is sent and the field says why; with one, the reason and the version read are sent and the list reloads', async () => {
    const getList = vi
      .fn()
      .mockResolvedValueOnce({ data: [father], total: 1 })
      .mockResolvedValue({
        data: [{ ...father, status: 'ended', ended_at: '2026-12-01T15:00:00Z', sees: 'Ended by staff: Custody changed.', version: 4 }],
        total: 1,
      });
    const revokeProxyRelationship = vi.fn(async () => ({ data: { ...father, status: 'ended', version: 4 } }));
    const view = renderPanel({ getList, revokeProxyRelationship }, ROI);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Revoke the access of Weimann, Morgan to the record of Weimann, Kim' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Weimann, Morgan’s access to Weimann, Kim’s record?' });
    await user.type(within(dialog).getByRole('textbox', { name: /Reason for revoking/ }), '  ');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(within(dialog).getByText('Write the reason in a few words (at least 3 characters).')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /Reason for revoking/ })).toHaveFocus();
    expect(revokeProxyRelationship).not.toHaveBeenCalled();

    await user.type(within(dialog).getByRole('textbox', { name: /Reason for revoking/ }), 'Custody changed.');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(revokeProxyRelationship).toHaveBeenCalledWith({ id: 7, body: { reason: 'Custody changed.', version: 3 } });
    expect(await screen.findByText('Revoked: Weimann, Morgan no longer sees Weimann, Kim’s record.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('button', { name: 'Ended (1)' })).toBeInTheDocument();
    expect(screen.getByText('Nobody has proxy access to this patient’s record.')).toBeInTheDocument();
    view.unmount();
  });

  it('when someone changed the relationship since it was read, then the server’s message shows with Reload, which reads the list again', async () => {
    const message = 'Someone else changed this relationship since you opened it. Reload, then try again.';
    const getList = vi.fn(async () => ({ data: [father], total: 1 }));
    const revokeProxyRelationship = vi.fn(async () => {
      throw new HttpError(message, 409, { code: 'stale_version', message, requestId: 'r-1' });
    });
    const view = renderPanel({ getList, revokeProxyRelationship }, ROI);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: /^Revoke the access of Weimann, Morgan/ }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /Reason for revoking/ }), 'Custody changed.');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(getList).toHaveBeenCalledTimes(1);
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(getList).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    view.unmount();
  });

  it('when the privacy office asks who sees what, then each person’s sentence shows, and it can be printed on its own', async () => {
    const who: WhoCanSee = {
      patient_id: 42,
      patient_name: 'Weimann, Kim',
      age: 15,
      on: '2026-12-01',
      people: [
        {
          who: 'Weimann, Kim',
          username: 'kweimann',
          through: 'own_account',
          sees_anything: true,
          sentence: 'Sees their own record through their own portal account (kweimann).',
        },
        {
          who: 'Weimann, Morgan',
          username: 'mweimann',
          through: 'proxy',
          relationship_id: 7,
          relationship: 'parent',
          sees_anything: true,
          hidden: father.hidden,
          sentence: TEEN_SENTENCE,
        },
      ],
    };
    const whoCanSee = vi.fn(async () => ({ data: who }));
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    const view = renderPanel({ getList: vi.fn(async () => ({ data: [father], total: 1 })), whoCanSee }, SUPPORT);
    const user = userEvent.setup();

    const ask = await screen.findByRole('button', { name: 'Who sees what, and why' });
    expect(ask).toHaveAttribute('aria-expanded', 'false');
    await user.click(ask);

    const answer = await screen.findByRole('region', { name: 'Who sees Weimann, Kim’s portal record today, and why' });
    expect(whoCanSee).toHaveBeenCalledWith({ patientId: 42 });
    expect(answer).toHaveTextContent('As of December 1, 2026: Weimann, Kim is 15 years old.');
    expect(within(answer).getByText('Own portal account (kweimann)')).toBeInTheDocument();
    expect(within(answer).getByText('Parent, portal user mweimann')).toBeInTheDocument();
    expect(within(answer).getByText('Sees their own record through their own portal account (kweimann).')).toBeInTheDocument();
    expect(within(answer).getByText(TEEN_SENTENCE)).toBeInTheDocument();

    await user.click(within(answer).getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(1);
    // What prints: a copy of the explanation, alone, while the print dialog is open.
    expect(document.body).toHaveClass('printing-part');
    expect(document.querySelector('body > .print-part')).toHaveTextContent(TEEN_SENTENCE);
    window.dispatchEvent(new Event('afterprint'));
    expect(document.body).not.toHaveClass('printing-part');
    view.unmount();
  });
});
