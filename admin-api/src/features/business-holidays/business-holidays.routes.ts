import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { findHoliday, listHolidays } from './business-holidays.repo.ts';
import { createHolidayBody, federalHolidaysBody, federalHolidaysResult, holidayList, holidayRecord, updateHolidayBody } from './business-holidays.schema.ts';
import { addFederalHolidays, createHoliday, deleteHoliday, updateHoliday } from './business-holidays.service.ts';

const byId = z.object({ id: idParam });

/** The business calendar's holidays: admins keep the list every due date is computed over. */
export function businessHolidaysRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/business-holidays',
      operationId: 'listBusinessHolidays',
      tag: 'business-holidays',
      summary: 'Holidays of the business calendar, by date (filter.year for one year)',
      permission: { action: 'list', resource: 'business-holidays' },
      list: holidayList,
      response: z.array(holidayRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await listHolidays(deps.knex, list.filter, list.sort, list.offset, list.limit);
        await recordAudit(deps.knex, actor, { action: 'list', resource: 'business-holidays', details: { criteria: list.filter } });
        setContentRange(res, 'business-holidays', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/business-holidays/:id',
      operationId: 'getBusinessHoliday',
      tag: 'business-holidays',
      summary: 'One holiday',
      permission: { action: 'show', resource: 'business-holidays' },
      params: byId,
      response: holidayRecord,
      async handler({ res, params }) {
        const row = await findHoliday(deps.knex, params.id);
        if (!row) throw notFound('Holiday');
        res.json(row);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/business-holidays',
      operationId: 'createBusinessHoliday',
      tag: 'business-holidays',
      summary: 'Add a holiday (a date the business is closed, with its name)',
      permission: { action: 'create', resource: 'business-holidays' },
      body: createHolidayBody,
      response: holidayRecord,
      responds: { status: 201, description: 'The holiday' },
      errors: { 409: 'date_taken: that date is a holiday already; edit that one' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createHoliday(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/business-holidays/federal',
      operationId: 'addFederalHolidays',
      tag: 'business-holidays',
      summary: "Add a year's US federal holidays (as observed) that are not listed yet",
      permission: { action: 'create', resource: 'business-holidays' },
      body: federalHolidaysBody,
      response: federalHolidaysResult,
      responds: { status: 201, description: '{ year, added }' },
      async handler({ res, actor, body }) {
        res.status(201).json(await addFederalHolidays(deps, actor, body.year));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/business-holidays/:id',
      operationId: 'updateBusinessHoliday',
      tag: 'business-holidays',
      summary: 'Move or rename a holiday (send the version you read; 409 if stale)',
      permission: { action: 'edit', resource: 'business-holidays' },
      params: byId,
      body: updateHolidayBody,
      response: holidayRecord,
      errors: { 409: 'stale_version: someone changed it since you read it, reload; date_taken: the new date is a holiday already' },
      async handler({ res, actor, params, body }) {
        res.json(await updateHoliday(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/business-holidays/:id',
      operationId: 'deleteBusinessHoliday',
      tag: 'business-holidays',
      summary: 'Remove a holiday: that day counts as a business day again',
      permission: { action: 'delete', resource: 'business-holidays' },
      params: byId,
      response: holidayRecord,
      responds: { description: 'The holiday as it was before removal' },
      async handler({ res, actor, params }) {
        res.json(await deleteHoliday(deps, actor, params.id));
      },
    }),
  ];
}
