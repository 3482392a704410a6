import type { Knex } from '@portaldesk/db';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';
import { describeJobFailure, JobError, type JobHandler, type JobQueue } from '../jobs/job-queue.ts';

export type OutboxKind =
  | 'portal_password_reset'
  | 'portal_account_deactivated'
  | 'portal_account_reactivated'
  | 'proxy_access_ended'
  | 'demographic_change_reviewed'
  // "You have a reply" to a customer-service message: never its words or subject.
  | 'message_reply_notice';

export interface NewOutboxMessage {
  patientId: number | null;
  kind: OutboxKind;
  channel: 'email' | 'letter';
  recipient: string | null;
  /** What the message says, minus any secret; kept after sending. */
  payload: Record<string, unknown>;
  /** A secret the message must carry (a reset link); erased once sent or given up. */
  secret?: string;
  createdBy: number | null;
  createdAt: Date;
}

export interface OutboxMessage {
  id: number;
  patient_id: number | null;
  kind: OutboxKind;
  channel: 'email' | 'letter';
  recipient: string | null;
  payload: Record<string, unknown>;
  secret: string | null;
  attempts: number;
}

/** Delivers one message; throws to have it retried. Swap it for an SMTP or print-shop sender. */
export interface OutboxSender {
  send(message: OutboxMessage): Promise<void>;
}

/**
 * Queues a message in the caller's transaction, with the job that sends it: both exist only if
 * the change commits.
 */
export async function enqueueMessage(trx: Knex.Transaction, jobs: JobQueue, message: NewOutboxMessage): Promise<number> {
  const [{ id }] = await trx('outbox_messages')
    .insert({
      patient_id: message.patientId,
      kind: message.kind,
      channel: message.channel,
      recipient: message.recipient,
      payload: JSON.stringify(message.payload),
      secret: message.secret ?? null,
      created_by: message.createdBy,
      created_at: message.createdAt,
    })
    .returning('id');
  await jobs.enqueue(trx, 'send-message', { messageId: id });
  return id;
}

/**
 * The default sender: no message leaves the machine. It logs that a message would go out, by
 * id and kind only: never the recipient, the payload or the secret.
 */
export function logSender(logger: Logger): OutboxSender {
  return {
    async send(message) {
      logger.info({ outboxMessageId: message.id, kind: message.kind, channel: message.channel }, 'outbox message delivered to the log sender');
    },
  };
}

export interface SendMessageJob {
  messageId: number;
}

/**
 * The send-message job: reads the message, sends it with no transaction open (a slow mail server
 * holds no lock), then marks it sent and erases its secret. A failed attempt is counted on the
 * message; after the last one the message is marked failed and its secret erased too, and the
 * job stays failed on the admins' Jobs page (retrying it then says to send a new link). A message
 * already sent (an attempt that finished sending but was taken as lost) is not sent again.
 */
export function sendMessageHandler(knex: Knex, sender: OutboxSender, clock: Clock): JobHandler<SendMessageJob> {
  return async (job) => {
    const message: (OutboxMessage & { status: string }) | undefined = await knex('outbox_messages')
      .first('id', 'patient_id', 'kind', 'channel', 'recipient', 'payload', 'secret', 'attempts', 'status')
      .where({ id: job.data.messageId });
    if (!message) throw new JobError('The message this job sends does not exist.');
    if (message.status === 'sent') return;
    if (message.status === 'failed') {
      throw new JobError('This message was given up after its last attempt and its link erased: send the patient a new one.');
    }
    try {
      await sender.send(message);
    } catch (error) {
      await knex('outbox_messages')
        .where({ id: message.id, status: 'pending' })
        .update({
          attempts: knex.raw('attempts + 1'),
          last_error: describeJobFailure(error),
          ...(job.finalAttempt ? { status: 'failed', secret: null } : {}),
        });
      throw error;
    }
    await knex('outbox_messages')
      .where({ id: message.id, status: 'pending' })
      .update({ status: 'sent', sent_at: clock(), secret: null, attempts: knex.raw('attempts + 1') });
  };
}
