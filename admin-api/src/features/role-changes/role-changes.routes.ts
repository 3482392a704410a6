import type { AppDeps } from '../../deps.ts';
import { sendCsvDownload, setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { roleChangeExportQuery, roleChangeList } from './role-changes.schema.ts';
import { browseRoleChanges, exportRoleChanges } from './role-changes.service.ts';

export function roleChangesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/role-changes',
      tag: 'role-changes',
      summary: 'Roles granted and removed (and refused attempts), by whom and when',
      permission: { action: 'list', resource: 'role-changes' },
      list: roleChangeList,
      async handler({ res, actor, list }) {
        const { rows, total } = await browseRoleChanges(deps.knex, actor, list);
        setContentRange(res, 'role-changes', list.offset, rows.length, total);
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/role-changes/export',
      tag: 'role-changes',
      summary: 'The role changes matching a filter as CSV (at most 10,000 rows)',
      permission: { action: 'export', resource: 'role-changes' },
      query: roleChangeExportQuery,
      responds: { status: 200, description: 'text/csv, newest first' },
      async handler({ res, actor, query }) {
        const lines = await exportRoleChanges(deps.knex, actor, query.filter);
        sendCsvDownload(res, 'role-changes', deps.clock()).send(lines.join(''));
      },
    }),
  ];
}
