import type { Logger } from 'pino';
import type { Knex } from '@portaldesk/db';
import type { Clock } from './lib/clock.ts';
import type { SettingsStore } from './lib/settings.ts';

/** What every feature is handed: the database, settings, the clock and a logger. */
export interface AppDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  /** Where staff reach the console, for one-time links. */
  publicUrl: string;
  limits: { failedSignInsPerAddress: number; publicLinkRequestsPerAddress: number };
}
