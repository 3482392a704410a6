import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { sendCsvDownload, setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { roleChangeExportQuery, roleChangeList, roleChangeRow } from './role-changes.schema.ts';
import { browseRoleChanges, exportRoleChanges } from './role-changes.service.ts';

export function roleChangesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/role-changes',
      operationId: 'listRoleChanges',
      tag: 'role-changes',
      summary: 'Roles granted and removed (and refused attempts), by whom and when',
      permission: { action: 'list', resource: 'role-changes' },
      list: roleChangeList,
      response: z.array(roleChangeRow),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseRoleChanges(deps.knex, actor, list);
        setContentRange(res, 'role-changes', list.offset, rows.length, total);
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/role-changes/export',
      operationId: 'exportRoleChanges',
      tag: 'role-changes',
      summary: 'The role changes matching a filter as CSV (at most 10,000 rows)',
      permission: { action: 'export', resource: 'role-changes' },
      query: roleChangeExportQuery,
      responds: { status: 200, description: 'text/csv, newest first', mediaType: 'text/csv' },
      async handler({ res, actor, query }) {
        const lines = await exportRoleChanges(deps.knex, actor, query.filter);
        sendCsvDownload(res, 'role-changes', deps.clock()).send(lines.join(''));
      },
    }),
  ];
}
