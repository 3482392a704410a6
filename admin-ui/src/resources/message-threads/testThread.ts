import type { MessageThread, MessageThreadDetail } from '@portaldesk/admin-api/contract';

/** A billing thread as a queue lists it. */
export const threadRow = (id: number, overrides: Partial<MessageThread> = {}): MessageThread => ({
  id,
  patient_id: 42,
  patient_name: 'Lindqvist, Harold',
  patient_mrn: '10000042',
  topic: 'billing',
  team: 'billing',
  subject: 'Question about my November statement',
  guarantor_account_id: 9,
  guarantor_account_number: 'G-100234',
  status: 'new',
  assignee_id: null,
  assignee_name: null,
  received_at: '2026-11-20T20:30:00Z',
  due_at: '2026-11-25T20:30:00Z',
  overdue: false,
  business_minutes_left: null,
  first_response_at: null,
  first_response_business_minutes: null,
  last_message_at: '2026-11-20T20:30:00Z',
  last_message_from: 'patient',
  closed_at: null,
  version: 3,
  ...overrides,
});

/** The same thread as its page reads it: the patient's question and a colleague's note. */
export const threadDetail = (overrides: Partial<MessageThreadDetail> = {}): MessageThreadDetail => ({
  ...threadRow(12),
  patient_first_name: 'Harold',
  messages: [
    {
      id: 101,
      kind: 'patient',
      body: 'Why was I billed twice?\nThe second charge is <b>html</b>.',
      author: null,
      saved_reply_id: null,
      created_at: '2026-11-20T20:30:00Z',
    },
    {
      id: 102,
      kind: 'internal_note',
      body: 'Checked the ledger: duplicate posting, refund pending.',
      author: { id: 8, name: 'Sam Lee' },
      saved_reply_id: null,
      created_at: '2026-11-23T14:00:00Z',
    },
  ],
  replying: [],
  ...overrides,
});
