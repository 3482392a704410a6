import { z } from 'zod';
import type { ListSpec } from '../../lib/list-query.ts';
import { isoDate } from '../../lib/validation.ts';

const name = z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'is too long');
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
