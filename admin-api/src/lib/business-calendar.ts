import type { Knex } from '@portaldesk/db';
import type { BusinessCalendar } from './business-days.ts';
import type { SettingsStore } from './settings.ts';

/**
 * The business calendar as every due date reads it: the settings' time zone and hours, and the
 * holidays admins keep. Cached briefly like settings (a due date is computed for every row of a
 * queue); an edit on this instance forgets the cache at once, others within `ttlMs`.
 */
export class BusinessCalendarStore {
  private cache?: { holidays: ReadonlySet<string>; loadedAt: number };

  constructor(
    private readonly knex: Knex,
    private readonly settings: SettingsStore,
    private readonly ttlMs = 10_000,
  ) {}

  async get(): Promise<BusinessCalendar> {
    const values = await this.settings.all();
    if (!this.cache || Date.now() - this.cache.loadedAt >= this.ttlMs) {
      const rows: { date: string }[] = await this.knex('business_holidays').select('date');
      this.cache = { holidays: new Set(rows.map((row) => row.date)), loadedAt: Date.now() };
    }
    return {
      timeZone: values['organization.time_zone'],
      opens: values['business_day.opens'],
      closes: values['business_day.closes'],
      holidays: this.cache.holidays,
    };
  }

  invalidate(): void {
    this.cache = undefined;
  }
}
