import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { focusManager } from '@tanstack/react-query';
import { HttpError } from 'react-admin';
import { Route, Routes } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import type { MessageThreadDetail } from '@portaldesk/admin-api/contract';
import type { PortalIdentity } from '../../providers/authProvider.ts';
import { fakeAuthProvider, fakeDataProvider, renderInAdmin, testIdentity } from '../../test-utils.tsx';
import { MessageThreadShow } from './MessageThreadShow.tsx';
import { threadDetail } from './testThread.ts';

// The account panel is the guarantor accounts' own (tested there); here only where it goes.
vi.mock('../guarantor-accounts/GuarantorAccountPanel.tsx', () => ({
  GuarantorAccountPanel: ({ accountId }: { accountId: number }) => <p>Guarantor account panel for account {accountId}</p>,
}));

const BILLING = { 'message-threads': ['list', 'show', 'edit'], 'saved-replies': ['list'], patients: ['list', 'show'] };
const COMPLIANCE = { 'message-threads': ['list', 'show'], patients: ['list', 'show'] };

const billingStaff: PortalIdentity = { ...testIdentity, id: 5, fullName: 'Bea Billing', username: 'bea', roles: ['billing'] };

function renderThread(permissions: Record<string, string[]>, methods: Record<string, unknown>, identity: PortalIdentity = billingStaff) {
  const authProvider = fakeAuthProvider(permissions);
  authProvider.getIdentity = vi.fn(async () => identity);
  return renderInAdmin(
    <Routes>
      <Route path="/message-threads/:id/show" element={<MessageThreadShow />} />
    </Routes>,
    {
      // The "Reassign to" list the thread page reads; the tests that pick from it name the team.
      dataProvider: fakeDataProvider({ threadAssignees: vi.fn(async () => ({ data: [] })), ...methods } as never),
      authProvider,
      path: '/message-threads/12/show',
      resource: 'message-threads',
    },
  );
}

/** The heartbeat calls every page with a reply box makes. */
const drafting = () => ({ startDrafting: vi.fn(async () => undefined), stopDrafting: vi.fn(async () => undefined) });

const replyBox = () => screen.findByRole('textbox', { name: /Your reply/ });

/** Dana's reply, sent at 10:42 AM New York time while the reader was writing. */
const danaReplied = (thread: MessageThreadDetail): MessageThreadDetail => ({
  ...thread,
  status: 'waiting_on_patient',
  due_at: null,
  version: thread.version + 1,
  assignee_id: 9,
  assignee_name: 'Dana Reyes',
  messages: [
    ...thread.messages,
    {
      id: 103,
      kind: 'staff_reply',
      body: 'Hello Harold, the duplicate charge has been reversed.',
      author: { id: 9, name: 'Dana Reyes' },
      saved_reply_id: null,
      created_at: '2026-12-01T15:42:00Z',
    },
  ],
});

describe('MessageThreadShow', () => {
  it('when billing opens a thread, then the patient message, the staff-only note and the account stand apart, and every body is text, never HTML', async () => {
    const view = renderThread(BILLING, { getOne: vi.fn(async () => ({ data: threadDetail() })), ...drafting() });

    const patient = await screen.findByRole('article', { name: 'Lindqvist, Harold (patient)' });
    // The markup a patient typed is shown as they typed it: no <b> element is made of it.
    expect(within(patient).getByText(/The second charge is <b>html<\/b>\./)).toBeInTheDocument();
    expect(patient.querySelector('b')).toBeNull();
    expect(within(patient).getByText(/Why was I billed twice\?/)).toHaveStyle({ whiteSpace: 'pre-wrap' });

    const note = screen.getByRole('article', { name: 'Internal note — never shown to the patient' });
    expect(within(note).getByText('Checked the ledger: duplicate posting, refund pending.')).toBeInTheDocument();
    expect(within(note).getByText(/Written by Sam Lee/)).toBeInTheDocument();
    expect(note).toHaveAttribute('data-kind', 'internal_note');
    expect(within(patient).queryByText(/never shown to the patient/)).not.toBeInTheDocument();
    expect(getComputedStyle(note).backgroundColor).not.toBe(getComputedStyle(patient).backgroundColor);

    expect(screen.getByText('Guarantor account panel for account 9')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Add internal note/ })).toBeInTheDocument();
    view.unmount();
  });

  it('when a colleague replied while the reader wrote, then the reply is refused, the draft stays, their reply is marked new, and sending again goes with the new version', async () => {
    const thread = threadDetail();
    const current = danaReplied(thread);
    const message = 'Dana Reyes replied at 10:42 AM, after you opened this thread.';
    const replyToThread = vi
      .fn()
      .mockRejectedValueOnce(new HttpError(message, 409, { code: 'thread_changed', message, requestId: 'r-1', details: { thread: current } }))
      .mockResolvedValue({ data: { ...current, version: current.version + 1 } });
    const view = renderThread(BILLING, { getOne: vi.fn(async () => ({ data: thread })), replyToThread, ...drafting() });
    const user = userEvent.setup();

    await user.type(await replyBox(), 'We refunded the second charge.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Dana Reyes replied at 10:42 AM while you were writing. Your draft is kept: read their reply, then send yours if it still applies.',
    );
    expect(screen.getByRole('textbox', { name: /Your reply/ })).toHaveValue('We refunded the second charge.');
    const theirs = screen.getByRole('article', { name: 'Reply from Dana Reyes' });
    expect(within(theirs).getByText('Hello Harold, the duplicate charge has been reversed.')).toBeInTheDocument();
    expect(within(theirs).getByText('New while you were writing')).toBeInTheDocument();
    expect(replyToThread).toHaveBeenCalledWith({ id: 12, body: { body: 'We refunded the second charge.', version: 3, status: 'waiting_on_patient' } });

    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(replyToThread).toHaveBeenCalledTimes(2));
    expect(replyToThread).toHaveBeenLastCalledWith({ id: 12, body: { body: 'We refunded the second charge.', version: 4, status: 'waiting_on_patient' } });
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Your reply/ })).toHaveValue(''));
    expect(screen.queryByText(/while you were writing/)).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the thread is read again while the reader writes, then a reply that came in shows, and the draft still goes against the version it began on', async () => {
    const thread = threadDetail();
    const getOne = vi
      .fn()
      .mockResolvedValueOnce({ data: thread })
      .mockResolvedValue({ data: danaReplied(thread) });
    const replyToThread = vi.fn(async () => ({ data: danaReplied(thread) }));
    const view = renderThread(BILLING, { getOne, replyToThread, ...drafting() });
    const user = userEvent.setup();

    await user.type(await replyBox(), 'We refunded the second charge.');
    // What the 15-second poll does: read the thread again.
    act(() => {
      focusManager.setFocused(false);
      focusManager.setFocused(true);
    });
    expect(await screen.findByRole('article', { name: 'Reply from Dana Reyes' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(replyToThread).toHaveBeenCalledWith({ id: 12, body: expect.objectContaining({ version: 3 }) }));
    act(() => focusManager.setFocused(undefined));
    view.unmount();
  });

  it('when a colleague is writing a reply, then the page says who; while the reader writes, the page says so every 20 seconds and stops when cleared or left', async () => {
    const beats = drafting();
    const thread = threadDetail({ replying: [{ staff_user_id: 9, name: 'Dana Reyes', since: '2026-12-01T15:40:00Z' }] });
    const view = renderThread(BILLING, { getOne: vi.fn(async () => ({ data: thread })), ...beats });
    const user = userEvent.setup();

    expect((await screen.findByText('Dana Reyes is writing a reply now')).closest('[role="status"]')).not.toBeNull();
    expect(beats.startDrafting).not.toHaveBeenCalled();

    const box = await replyBox();
    const timers = vi.spyOn(globalThis, 'setInterval');
    await user.type(box, 'Hello');
    await waitFor(() => expect(beats.startDrafting).toHaveBeenCalledWith({ id: 12 }));
    // Typing on does not announce again: the beat is a 20-second timer, not a keystroke.
    expect(beats.startDrafting).toHaveBeenCalledTimes(1);
    const beat = timers.mock.calls.find(([, delay]) => delay === 20_000);
    timers.mockRestore();
    expect(beat).toBeDefined();
    act(() => (beat![0] as () => void)());
    expect(beats.startDrafting).toHaveBeenCalledTimes(2);

    await user.clear(box);
    await waitFor(() => expect(beats.stopDrafting).toHaveBeenCalledWith({ id: 12 }));
    await user.type(box, 'Hi again');
    await waitFor(() => expect(beats.startDrafting).toHaveBeenCalledTimes(3));
    view.unmount();
    expect(beats.stopDrafting).toHaveBeenCalledTimes(2);
  });

  it('when the reader inserts a saved reply, then its filled text goes into the box, unfilled placeholders must be replaced, and the reply names the saved reply', async () => {
    const threadSavedReplies = vi.fn(async () => ({
      data: [
        {
          id: 4,
          title: 'Duplicate charge refunded',
          body: 'Dear Harold,\nwe refunded the duplicate charge. Questions? Call {{billing_phone}}.',
          unfilled: ['billing_phone'],
        },
        { id: 5, title: 'Payment plans', body: 'Dear Harold, we offer payment plans.', unfilled: [] },
      ],
    }));
    const replyToThread = vi.fn(async () => ({ data: threadDetail({ version: 4 }) }));
    const view = renderThread(BILLING, { getOne: vi.fn(async () => ({ data: threadDetail() })), threadSavedReplies, replyToThread, ...drafting() });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Insert saved reply' }));
    await user.click(await screen.findByRole('menuitem', { name: /Duplicate charge refunded/ }));
    const box = screen.getByRole('textbox', { name: /Your reply/ });
    expect(box).toHaveValue('Dear Harold,\nwe refunded the duplicate charge. Questions? Call {{billing_phone}}.');
    expect(threadSavedReplies).toHaveBeenCalledWith({ id: 12 });
    expect(screen.getByRole('note')).toHaveTextContent(
      'Some placeholders could not be filled for this thread: {{billing_phone}}. Replace them before sending.',
    );

    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByText(/Replace \{\{billing_phone\}\} before sending/)).toBeInTheDocument();
    expect(replyToThread).not.toHaveBeenCalled();

    await user.clear(box);
    await user.click(screen.getByRole('button', { name: 'Insert saved reply' }));
    await user.click(await screen.findByRole('menuitem', { name: /Payment plans/ }));
    expect(box).toHaveValue('Dear Harold, we offer payment plans.');
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Keep open' }));
    // Ctrl+Enter sends.
    await user.type(box, '{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(replyToThread).toHaveBeenCalledWith({
        id: 12,
        body: { body: 'Dear Harold, we offer payment plans.', version: 3, status: 'open', saved_reply_id: 5 },
      }),
    );
    expect(await screen.findByText('Reply sent: the patient is told in the portal that they have a reply.')).toBeInTheDocument();
    view.unmount();
  });

  it('when the reader adds a note and takes the thread, then the note goes out alone and the change carries the version read', async () => {
    const addThreadNote = vi.fn(async () => ({ data: threadDetail() }));
    const update = vi.fn(async () => ({ data: threadDetail({ assignee_id: 5, assignee_name: 'Bea Billing', version: 4 }) }));
    const view = renderThread(BILLING, { getOne: vi.fn(async () => ({ data: threadDetail() })), addThreadNote, update, ...drafting() });
    const user = userEvent.setup();

    await user.type(await screen.findByRole('textbox', { name: /Add internal note/ }), 'Called the patient, left a voicemail.');
    await user.click(screen.getByRole('button', { name: 'Add internal note' }));
    await waitFor(() => expect(addThreadNote).toHaveBeenCalledWith({ id: 12, body: { body: 'Called the patient, left a voicemail.' } }));

    await user.click(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith('message-threads', expect.objectContaining({ id: 12, data: { assignee_id: 5, version: 3 } })));
    expect(await screen.findByRole('button', { name: 'Unassign' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument();
    view.unmount();
  });

  it('when the reader hands the thread to a colleague of the team, then the change carries their id and the version read; a change made first is shown', async () => {
    const thread = threadDetail({ assignee_id: 8, assignee_name: 'Sam Lee' });
    const threadAssignees = vi.fn(async () => ({
      data: [
        { id: 5, name: 'Bea Billing' },
        { id: 9, name: 'Dana Reyes' },
        { id: 8, name: 'Sam Lee' },
      ],
    }));
    const current = { ...thread, status: 'closed' as const, version: 4 };
    const message = 'Sam Lee closed it at 10:42 AM, after you opened this thread.';
    const update = vi
      .fn()
      .mockRejectedValueOnce(new HttpError(message, 409, { code: 'thread_changed', message, requestId: 'r-2', details: { thread: current } }))
      .mockResolvedValue({ data: { ...current, assignee_id: 9, assignee_name: 'Dana Reyes', version: 5 } });
    const view = renderThread(BILLING, { getOne: vi.fn(async () => ({ data: thread })), threadAssignees, update, ...drafting() });
    const user = userEvent.setup();

    const reassign = await screen.findByRole('combobox', { name: 'Reassign to' });
    expect(threadAssignees).toHaveBeenCalledWith({ id: 12 });
    // The keyboard opens the list; the reader (Assign to me) and the assignee are not offered.
    reassign.focus();
    await user.keyboard('{ArrowDown}');
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).queryByRole('option', { name: 'Bea Billing' })).not.toBeInTheDocument();
    expect(within(listbox).queryByRole('option', { name: 'Sam Lee' })).not.toBeInTheDocument();
    await user.click(within(listbox).getByRole('option', { name: 'Dana Reyes' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith('message-threads', expect.objectContaining({ id: 12, data: { assignee_id: 9, version: 3 } })));
    expect(await screen.findByRole('alert')).toHaveTextContent(`${message} The thread below is as it is now.`);

    // Picked again from the thread as it is now: the version it was read at goes with it.
    await user.click(await screen.findByRole('combobox', { name: 'Reassign to' }));
    await user.click(await screen.findByRole('option', { name: 'Dana Reyes' }));
    await waitFor(() => expect(update).toHaveBeenLastCalledWith('message-threads', expect.objectContaining({ id: 12, data: { assignee_id: 9, version: 4 } })));
    expect(await screen.findByText('Thread updated.')).toBeInTheDocument();
    view.unmount();
  });

  it('when compliance reads a thread, then it sees the conversation and no reply, note, status or assignee control', async () => {
    const view = renderThread(COMPLIANCE, { getOne: vi.fn(async () => ({ data: threadDetail() })) }, testIdentity);

    expect(await screen.findByRole('article', { name: 'Internal note — never shown to the patient' })).toBeInTheDocument();
    expect(screen.getByText('You can read this conversation; the Billing team answers it.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Send reply|Add internal note|Insert saved reply|Assign to me|Close|Waiting on patient/ }),
    ).not.toBeInTheDocument();
    view.unmount();
  });
});
