import type { Knex } from '@portaldesk/db';
import type { Logger } from 'pino';
import type { Clock } from '../lib/clock.ts';

export type OutboxKind = 'portal_password_reset' | 'portal_account_deactivated' | 'portal_account_reactivated';

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

/** Queues a message in the caller's transaction: it is sent only if the change commits. */
export async function enqueueMessage(trx: Knex | Knex.Transaction, message: NewOutboxMessage): Promise<number> {
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

/** After this many failed attempts a message is marked failed and its secret erased. */
export const MAX_SEND_ATTEMPTS = 5;
const BATCH = 20;

/**
 * Sends pending messages, oldest first. Rows are claimed with SKIP LOCKED, so several API
 * instances can drain one outbox without sending a message twice.
 */
export async function drainOutbox(knex: Knex, sender: OutboxSender, clock: Clock): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const fullBatchSent = await knex.transaction(async (trx) => {
      let allSent = true;
      const messages: OutboxMessage[] = await trx('outbox_messages')
        .select('id', 'patient_id', 'kind', 'channel', 'recipient', 'payload', 'secret', 'attempts')
        .where({ status: 'pending' })
        .orderBy('id')
        .limit(BATCH)
        .forUpdate()
        .skipLocked();
      for (const message of messages) {
        try {
          await sender.send(message);
          await trx('outbox_messages').where({ id: message.id }).update({ status: 'sent', sent_at: clock(), secret: null, attempts: message.attempts + 1 });
          sent += 1;
        } catch (error) {
          allSent = false;
          const givingUp = message.attempts + 1 >= MAX_SEND_ATTEMPTS;
          await trx('outbox_messages')
            .where({ id: message.id })
            .update({
              attempts: message.attempts + 1,
              last_error: error instanceof Error ? error.message.slice(0, 500) : 'send failed',
              ...(givingUp ? { status: 'failed', secret: null } : {}),
            });
          if (givingUp) failed += 1;
        }
      }
      return allSent && messages.length === BATCH;
    });
    // A failure waits for the next round rather than being retried at once.
    if (!fullBatchSent) return { sent, failed };
  }
}

/** Drains the outbox every `intervalMs` until stopped; errors are logged, never thrown. */
export function startOutboxWorker(knex: Knex, sender: OutboxSender, logger: Logger, clock: Clock, intervalMs = 5_000): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => drainOutbox(knex, sender, clock)).catch((error: unknown) => logger.error({ err: error }, 'outbox drain failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
