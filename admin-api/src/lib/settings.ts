import type { Knex } from '@portaldesk/db';

/** The settings the code reads, with their types. Defaults live in db/seeds/02_settings.ts. */
export interface Settings {
  'organization.name': string;
  'organization.time_zone': string;
  'portal.name': string;
  'session.idle_minutes': number;
  'session.absolute_hours': number;
  'session.idle_warning_seconds': number;
  'sign_in.max_failures': number;
  'sign_in.slowdown_after_failures': number;
  'sign_in.block_minutes': number;
  'password.min_length': number;
  'password_reset.link_hours': number;
  'patients.search_count_cap': number;
  'portal.address': string;
  'support.phone': string;
  'support.hours': string;
  'activation.min_age': number;
  'activation.code_days': number;
  'activation.max_failed_attempts': number;
  'identity_checks.due_business_days': number;
  'proxy.minor_due_business_days': number;
  'proxy.adult_due_business_days': number;
  'demographics.review_due_business_days': number;
  'demographics.supported_languages': string;
  'results.harm_review_max_days': number;
  'business_day.opens': string;
  'business_day.closes': string;
}

/**
 * Settings read through a short cache: every request needs a few of them, and an admin's change
 * reaches every API instance within `ttlMs`.
 */
export class SettingsStore {
  private cache?: { values: Settings; loadedAt: number };
  private loading?: Promise<Settings>;

  constructor(
    private readonly knex: Knex,
    private readonly ttlMs = 10_000,
  ) {}

  async all(): Promise<Settings> {
    if (this.cache && Date.now() - this.cache.loadedAt < this.ttlMs) return this.cache.values;
    this.loading ??= this.knex('settings')
      .select('key', 'value')
      .then((rows: { key: string; value: unknown }[]) => {
        const values = Object.fromEntries(rows.map((row) => [row.key, row.value])) as unknown as Settings;
        this.cache = { values, loadedAt: Date.now() };
        return values;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  async get<K extends keyof Settings>(key: K): Promise<Settings[K]> {
    return (await this.all())[key];
  }

  /** Forget the cache (after an admin edit on this instance, or in tests). */
  invalidate(): void {
    this.cache = undefined;
  }
}
