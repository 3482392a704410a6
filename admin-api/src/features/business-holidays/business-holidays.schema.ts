import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { isoDate, wire } from '../../lib/validation.ts';

const name = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long: at most 100 characters');
const year = z.number({ error: 'must be a year' }).int('must be a whole year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier');

export const createHolidayBody = z.strictObject({ date: isoDate, name });

export const updateHolidayBody = z.object({
  date: isoDate,
  name,
  version: z.number({ error: 'is required (the version you read)' }).int().positive(),
});

export const federalHolidaysBody = z.strictObject({ year });

export const holidayFilter = z.strictObject({
  year: year.optional(),
  id: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
});
export type HolidayFilter = z.output<typeof holidayFilter>;

export const holidayList: ListSpec<typeof holidayFilter> = {
  sortable: ['date'],
  defaultSort: ['date', 'ASC'],
  filter: holidayFilter,
  maxPageSize: 100,
};

/** A day the business is closed: due dates skip it. */
export const holidayRecord = z.strictObject({
  id: wire.id,
  date: wire.date,
  name: z.string(),
  source: z.enum(['federal', 'admin']).meta({ description: 'federal: added from the US federal calendar; admin: added by hand' }),
  updated_at: wire.instant,
  updated_by_username: z.string().nullable().meta({ description: 'Null when added automatically at start-up' }),
  version: z.number().int().positive().meta({ description: 'Send it back with a change: a newer one on the server answers 409' }),
});

/** What adding a year's federal holidays did. */
export const federalHolidaysResult = z.strictObject({
  year: z.number().int(),
  added: z.number().int().meta({ description: 'Holidays added; those already listed are skipped' }),
});
