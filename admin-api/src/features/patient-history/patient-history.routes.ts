import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { sendCsvDownload, setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { historyList, historyRecord } from './patient-history.schema.ts';
import { browseHistory, exportHistory } from './patient-history.service.ts';

/** Every change to a patient's demographic fields: old, new, who, when, why and from which request. */
export function patientHistoryRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/patients/:id/history',
      operationId: 'listPatientHistory',
      tag: 'patient-history',
      summary: "A patient's demographic history, newest first (filter `field`): old and new value, who, when, why, and the change request",
      permission: { action: 'list', resource: 'patient-history' },
      params: z.object({ id: idParam }),
      list: historyList,
      response: z.array(historyRecord),
      async handler({ res, actor, params, list }) {
        const { rows, total } = await browseHistory(deps.knex, actor, params.id, list);
        setContentRange(res, 'patient-history', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/patients/:id/history/export',
      operationId: 'exportPatientHistory',
      tag: 'patient-history',
      summary: "A patient's whole demographic history as CSV, oldest first, values in words and as codes",
      permission: { action: 'export', resource: 'patient-history' },
      params: z.object({ id: idParam }),
      responds: { description: 'text/csv', mediaType: 'text/csv' },
      async handler({ res, actor, params }) {
        const csv = await exportHistory(deps.knex, actor, params.id, await deps.settings.get('organization.time_zone'));
        sendCsvDownload(res, `patient-${params.id}-history`, deps.clock()).send(csv);
      },
    }),
  ];
}
