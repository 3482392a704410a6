import { z } from 'zod';
import { MAX_MESSAGE_CHARACTERS, MESSAGE_TOPICS } from './message-topics.ts';
import type { ListSpec } from '../../lib/list-query.ts';
import { wire } from '../../lib/validation.ts';

export const THREAD_STATUSES = ['new', 'open', 'waiting_on_patient', 'closed'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/** The statuses staff may set: `new` is only ever the portal's, until someone answers. */
export const STAFF_STATUSES = ['open', 'waiting_on_patient', 'closed'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const MESSAGE_KINDS = ['patient', 'staff_reply', 'internal_note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

import { TEAMS } from './message-topics.ts';

/** Most characters a subject holds. */
export const MAX_SUBJECT = 200;

/** A subject is one line: no line break (CR, LF, NEL, the Unicode line and paragraph separators) and no tab. */
const ONE_LINE = /^[^\r\n\t\u0085\u2028\u2029]*$/;

/**
 * A message's text: plain text (tabs and line breaks kept, shown as text, never HTML), at most
 * 10,000 characters as sent, with something in it besides spaces. The ends are trimmed.
 */
export const messageText = z
  .string({ error: 'is required' })
  .max(MAX_MESSAGE_CHARACTERS, `is too long: at most ${MAX_MESSAGE_CHARACTERS.toLocaleString('en-US')} characters`)
  .trim()
  .min(1, 'is required: write a few words');

const version = z.number({ error: 'is required (the version you read)' }).int().positive();
const topic = z.enum(MESSAGE_TOPICS, { error: `must be one of ${MESSAGE_TOPICS.join(', ')}` });
const status = z.enum(THREAD_STATUSES, { error: `must be one of ${THREAD_STATUSES.join(', ')}` });
const staffStatus = z.enum(STAFF_STATUSES, { error: `must be one of ${STAFF_STATUSES.join(', ')}` });
const positiveId = z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be positive').max(Number.MAX_SAFE_INTEGER);

export const messageThreadFilter = z.strictObject({
  topic: topic.optional(),
  status: z
    .union([status, z.array(status).max(THREAD_STATUSES.length)], { error: `must be one of ${THREAD_STATUSES.join(', ')}, or a list of them` })
    .optional(),
  /** A staff member's id, 'me' (the caller), or null: nobody's yet. */
  assignee_id: z.union([positiveId, z.literal('me'), z.null()], { error: "must be a staff member's id, 'me' or null (unassigned)" }).optional(),
  overdue: z.boolean({ error: 'must be true or false' }).optional(),
  /** Part of the subject, or the patient's name ("Family" or "Family, Given" prefix), or an MRN. */
  q: z.string().trim().max(100, 'is too long: at most 100 characters').optional(),
  patient_id: positiveId.optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type MessageThreadFilter = z.output<typeof messageThreadFilter>;

export const messageThreadList: ListSpec<typeof messageThreadFilter> = {
  sortable: ['due_at', 'received_at', 'last_message_at'],
  defaultSort: ['due_at', 'ASC'],
  filter: messageThreadFilter,
};

/** A thread as a team's queue lists it. */
export const messageThreadRecord = z.strictObject({
  id: wire.id,
  patient_id: wire.id,
  patient_name: z.string().meta({ description: '"Family, Given"' }),
  patient_mrn: z.string(),
  topic,
  team: z.enum(TEAMS).meta({ description: "The team whose queue holds the thread's topic" }),
  subject: z.string(),
  guarantor_account_id: wire.id.nullable().meta({ description: 'The guarantor account a billing thread is about' }),
  guarantor_account_number: z.string().nullable(),
  status,
  assignee_id: wire.id.nullable(),
  assignee_name: z.string().nullable(),
  received_at: wire.instant,
  due_at: wire.instant.nullable().meta({ description: 'Null while the clock is paused (waiting on the patient) and once closed' }),
  overdue: z.boolean().meta({ description: 'New or open, and past its due time' }),
  business_minutes_left: z.number().int().nullable().meta({ description: 'While waiting on the patient: the working time left when the clock resumes' }),
  first_response_at: wire.instant.nullable(),
  first_response_business_minutes: z.number().int().nullable().meta({ description: 'Business time from receipt to the first staff reply' }),
  last_message_at: wire.instant,
  last_message_from: z.enum(['patient', 'staff']).meta({ description: 'Who wrote the last message the patient sees (notes do not count)' }),
  closed_at: wire.instant.nullable(),
  version: z.number().int().positive().meta({ description: 'Send it back with a reply or a change: a newer one on the server answers 409 thread_changed' }),
});

export const threadMessage = z.strictObject({
  id: wire.id,
  kind: z.enum(MESSAGE_KINDS).meta({ description: 'internal_note: staff only, never shown to the patient' }),
  body: z.string().meta({ description: 'Plain text: show it as text, never as HTML' }),
  author: z.strictObject({ id: wire.id, name: z.string() }).nullable().meta({ description: 'The staff member; null for the patient' }),
  saved_reply_id: wire.id.nullable(),
  created_at: wire.instant,
});

/** Someone else writing a reply to the thread now. */
export const threadDrafter = z.strictObject({
  staff_user_id: wire.id,
  name: z.string(),
  since: wire.instant.meta({ description: 'When they last said they were writing (renewed while they type)' }),
});

/** One thread as its team works it: the conversation in order, notes among it, and who is writing now. */
export const messageThreadDetail = messageThreadRecord.extend({
  patient_first_name: z.string(),
  messages: z.array(threadMessage),
  replying: z.array(threadDrafter).meta({ description: 'Others (not the caller) writing a reply in the last minute' }),
});

export const threadReplyBody = z.strictObject({
  body: messageText,
  version,
  status: staffStatus.optional().meta({ description: 'The thread after the reply: waiting_on_patient (the default) pauses the clock' }),
  saved_reply_id: positiveId.nullable().optional().meta({ description: 'The saved reply the text started from, if any' }),
});
export type ThreadReplyBody = z.output<typeof threadReplyBody>;

export const threadNoteBody = z.strictObject({ body: messageText });
export type ThreadNoteBody = z.output<typeof threadNoteBody>;

export const threadUpdateBody = z.strictObject({
  status: staffStatus.optional().meta({ description: 'open from closed reopens it on a fresh clock' }),
  assignee_id: positiveId.nullable().optional().meta({ description: 'null unassigns' }),
  version,
});
export type ThreadUpdateBody = z.output<typeof threadUpdateBody>;

/** Someone a thread may be assigned to: an active member of its team. */
export const threadAssignee = z.strictObject({
  id: wire.id,
  name: z.string(),
});

/** A saved reply of the thread's team, its placeholders filled for this thread. */
export const filledSavedReply = z.strictObject({
  id: wire.id,
  title: z.string(),
  body: z.string(),
  unfilled: z.array(z.string()).meta({ description: 'Placeholders with no value for this thread (left as written, e.g. {{account_number}})' }),
});

/** One team's queue now and its last 12 weeks. */
export const messageTeamStats = z.strictObject({
  team: z.enum(TEAMS),
  topic,
  new: z.number().int(),
  open: z.number().int(),
  waiting_on_patient: z.number().int(),
  overdue: z.number().int(),
  weeks: z.array(
    z.strictObject({
      week_start: wire.date.meta({ description: 'The Monday the week starts on, organization time' }),
      received: z.number().int(),
      answered: z.number().int().meta({ description: 'Threads received that week that have had a first staff reply' }),
      median_first_response_business_minutes: z.number().nullable(),
    }),
  ),
});

// --- The portal's side ---

const username = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters');

export const portalMessageBody = z.strictObject({
  username,
  topic,
  subject: z
    .string({ error: 'is required' })
    // Checked before the ends are trimmed: a subject that ends in a line break was not written on one line either.
    .regex(ONE_LINE, 'must be one line: no line breaks or tabs')
    .trim()
    .min(1, 'is required')
    .max(MAX_SUBJECT, `is too long: at most ${MAX_SUBJECT} characters`),
  body: messageText,
  guarantorAccount: z
    .string({ error: 'must be an account number' })
    .trim()
    .min(1, 'is required')
    .max(40, 'is too long: at most 40 characters')
    .optional()
    .meta({ description: 'The guarantor account number: required for billing, refused for other topics; spaces and case ignored' }),
});
export type PortalMessageBody = z.output<typeof portalMessageBody>;

export const portalMessageReceived = z.strictObject({
  threadId: wire.id,
  dueAt: wire.instant.meta({ description: 'When the team should have answered, on the business-day clock' }),
});

export const portalReplyBody = z.strictObject({ username, body: messageText });
export type PortalReplyBody = z.output<typeof portalReplyBody>;

export const portalReplyReceived = z.strictObject({ messageId: wire.id, status });

export const portalThreadsQuery = z.strictObject({ username });

export const portalThreads = z.strictObject({
  threads: z.array(
    z.strictObject({
      threadId: wire.id,
      topic,
      subject: z.string(),
      status,
      guarantorAccount: z.string().nullable(),
      receivedAt: wire.instant,
      messages: z.array(
        z.strictObject({
          id: wire.id,
          from: z.enum(['patient', 'staff']),
          staffName: z.string().optional(),
          body: z.string(),
          sentAt: wire.instant,
        }),
      ),
    }),
  ),
});
