import type { Knex } from '@portaldesk/db';
import { recordAudit, type Actor } from '../../lib/audit.ts';
import type { BusinessCalendarStore } from '../../lib/business-calendar.ts';
import { federalHolidays } from '../../lib/business-days.ts';
import { todayIn, type Clock } from '../../lib/clock.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { claimFederalYear, findHoliday, insertHolidays, type HolidayRow } from './business-holidays.repo.ts';

export interface HolidayDeps {
  knex: Knex;
  calendar: BusinessCalendarStore;
  clock: Clock;
}

const UNIQUE_VIOLATION = '23505';

const dateTaken = (date: string) => conflict(`${date} is already a holiday. Edit that one instead.`, 'date_taken');

/** Adds a day the business is closed; the due dates of every queue move with it. */
export async function createHoliday(deps: HolidayDeps, actor: Actor, input: { date: string; name: string }): Promise<HolidayRow> {
  const row = await deps.knex.transaction(async (trx) => {
    const [id] = await insertHolidays(trx, [{ ...input, source: 'admin' }], actor.staffUserId, deps.clock());
    if (id === undefined) throw dateTaken(input.date);
    await recordAudit(trx, actor, { action: 'create', resource: 'business-holidays', resourceId: id, details: { date: input.date } });
    return (await findHoliday(trx, id))!;
  });
  deps.calendar.invalidate();
  return row;
}

/** Moves or renames a holiday, if it is still at the version the admin read. */
export async function updateHoliday(deps: HolidayDeps, actor: Actor, id: number, input: { date: string; name: string; version: number }): Promise<HolidayRow> {
  const row = await deps.knex
    .transaction(async (trx) => {
      const current = await findHoliday(trx, id, true);
      if (!current) throw notFound('Holiday');
      if (current.version !== input.version) {
        throw conflict(`${current.name} was changed by someone else since you opened it. Reload to see the change.`, 'stale_version');
      }
      const now = deps.clock();
      await trx('business_holidays')
        .where({ id })
        .update({ date: input.date, name: input.name, updated_at: now, updated_by: actor.staffUserId, version: current.version + 1 });
      await recordAudit(trx, actor, {
        action: 'edit',
        resource: 'business-holidays',
        resourceId: id,
        details: { date: { from: current.date, to: input.date } },
      });
      return (await findHoliday(trx, id))!;
    })
    .catch((error: { code?: string }) => {
      throw error.code === UNIQUE_VIOLATION ? dateTaken(input.date) : error;
    });
  deps.calendar.invalidate();
  return row;
}

/** Takes a day off the holiday list: it counts as a business day again. */
export async function deleteHoliday(deps: HolidayDeps, actor: Actor, id: number): Promise<HolidayRow> {
  const row = await deps.knex.transaction(async (trx) => {
    const current = await findHoliday(trx, id, true);
    if (!current) throw notFound('Holiday');
    await trx('business_holidays').where({ id }).delete();
    await recordAudit(trx, actor, { action: 'delete', resource: 'business-holidays', resourceId: id, details: { date: current.date } });
    return current;
  });
  deps.calendar.invalidate();
  return row;
}

/**
 * Adds the US federal holidays of `year` (as observed on weekdays) that are not listed yet, and
 * notes the year as done. With `onceEver`, a year already done is left alone, so the automatic
 * addition never puts back a holiday an admin removed; answers the number added, or null then.
 */
async function addFederalYear(trx: Knex.Transaction, actor: Actor, year: number, now: Date, onceEver: boolean): Promise<number | null> {
  const firstTime = await claimFederalYear(trx, year, now);
  if (onceEver && !firstTime) return null;
  const rows = federalHolidays(year).map((holiday) => ({ ...holiday, source: 'federal' as const }));
  const ids = await insertHolidays(trx, rows, actor.staffUserId, now);
  await recordAudit(trx, actor, { action: 'create', resource: 'business-holidays', details: { federal_year: year, added: ids.length } });
  return ids.length;
}

/** An admin adds a year's federal holidays on purpose: the missing ones come back too. */
export async function addFederalHolidays(deps: HolidayDeps, actor: Actor, year: number): Promise<{ year: number; added: number }> {
  const added = await deps.knex.transaction(async (trx) => (await addFederalYear(trx, actor, year, deps.clock(), false))!);
  deps.calendar.invalidate();
  return { year, added };
}

/**
 * Adds the federal holidays of this year and the next two, each year once ever: run at every
 * start, by any instance (a year is claimed in the transaction that adds it).
 */
export async function addComingFederalHolidays(deps: HolidayDeps, actor: Actor, timeZone: string): Promise<number[]> {
  const thisYear = Number(todayIn(timeZone, deps.clock()).slice(0, 4));
  const addedYears: number[] = [];
  for (const year of [thisYear, thisYear + 1, thisYear + 2]) {
    const added = await deps.knex.transaction((trx) => addFederalYear(trx, actor, year, deps.clock(), true));
    if (added !== null) addedYears.push(year);
  }
  deps.calendar.invalidate();
  return addedYears;
}
