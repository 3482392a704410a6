import type { Logger } from 'pino';
import type { Knex } from '@portaldesk/db';
import type { JobQueue } from './jobs/job-queue.ts';
import type { BusinessCalendarStore } from './lib/business-calendar.ts';
import type { Clock } from './lib/clock.ts';
import type { SettingsStore } from './lib/settings.ts';

/** What every feature is handed: the database, settings, the clock and a logger. */
export interface AppDeps {
  knex: Knex;
  settings: SettingsStore;
  /** The business calendar every due date is computed over. */
  calendar: BusinessCalendarStore;
  clock: Clock;
  logger: Logger;
  /** Background jobs: queue them in the transaction of the change that calls for them. */
  jobs: JobQueue;
  /** Where staff reach the console, for one-time links. */
  publicUrl: string;
  /** Keys the pseudonyms stored in place of typed values that must not be kept (see token-hash.ts). */
  pseudonymKey: string;
  limits: {
    failedSignInsPerAddress: number;
    publicLinkRequestsPerAddress: number;
    /**
     * The portal hears a refused activation, or a reported sign-in, no sooner than this many
     * milliseconds after asking, whatever was checked: the pace hides what the work revealed.
     */
    activationRefusalPaceMs: number;
    signInEventPaceMs: number;
  };
}
