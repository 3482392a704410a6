import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from '@portaldesk/db';
import { hashSecret, type Role } from '@portaldesk/admin-api';
import { EXIT } from '../cli.ts';

const CLOSE_TIMEOUT_MS = 5_000;
// One Ctrl-C arrives twice: from the terminal to the whole process group, and relayed by tsx.
const REPEATED_SIGNAL_MS = 1_000;

/**
 * A benchmark run's lifetime: what it started is undone last-in first-out exactly once, however
 * the run ends (an error, Ctrl-C), and a second Ctrl-C leaves at once.
 */
export class BenchRun {
  interrupted = false;
  private interruptedAt = 0;
  private readonly undoSteps: (() => Promise<unknown>)[] = [];
  private undoing: Promise<void> | undefined;

  /** `leftBehind` names what a second Ctrl-C would leave, e.g. "the benchmark database". */
  constructor(private readonly leftBehind: string) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Adds a step to undo at the end. */
  undoLater(step: () => Promise<unknown>): void {
    this.undoSteps.push(step);
  }

  /** Closing a pool waits for its busy clients; an interrupted query must not keep the database from being dropped. */
  static within(closing: Promise<unknown>): Promise<unknown> {
    return Promise.race([closing, sleep(CLOSE_TIMEOUT_MS)]);
  }

  /** For pools: a connection error during a run is worth a line, not after Ctrl-C. */
  readonly onPoolError = (error: Error): void => {
    if (!this.interrupted) console.warn(`Database connection error: ${error.message}`);
  };

  /** Runs `work`, undoes everything and exits with its code (1 on an error; 130 after Ctrl-C). */
  async main(work: () => Promise<number | void>): Promise<never> {
    let exitCode: number = EXIT.ok;
    try {
      exitCode = (await work()) ?? EXIT.ok;
    } catch (error) {
      if (!this.interrupted) {
        console.error(error);
        exitCode = EXIT.rejected;
      }
    } finally {
      await this.undoAll();
    }
    // An interrupted run exits from its signal handler once cleaned up.
    if (this.interrupted) await new Promise(() => undefined);
    process.exit(exitCode);
  }

  private undoAll(): Promise<void> {
    this.undoing ??= (async () => {
      for (const step of this.undoSteps.reverse()) {
        await step().catch((error: Error) => console.error(`Cleaning up failed: ${error.message}`));
      }
    })();
    return this.undoing;
  }

  private readonly onSignal = (signal: string): void => {
    if (this.interrupted) {
      if (Date.now() - this.interruptedAt < REPEATED_SIGNAL_MS) return;
      console.error(`${signal} again: exiting without cleaning up.`);
      process.exit(EXIT.rejected);
    }
    this.interrupted = true;
    this.interruptedAt = Date.now();
    console.error(`\n${signal}: stopping, removing ${this.leftBehind} (Ctrl-C again to leave it)...`);
    void this.undoAll().finally(() => process.exit(130));
  };
}

/** A staff member of `role` with a random name and password, for a benchmark to sign in as. */
export async function createBenchStaff(knex: Knex, role: Role): Promise<{ id: number; username: string; password: string }> {
  const username = `bench_${role}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const [{ id }] = await knex('staff_users')
    .insert({
      username,
      display_name: `Benchmark ${role.replace('_', ' ')}`,
      password_hash: await hashSecret(password),
      created_at: new Date(),
      updated_at: new Date(),
    })
    .returning('id');
  await knex('staff_user_roles').insert({ staff_user_id: id, role });
  return { id, username, password };
}
