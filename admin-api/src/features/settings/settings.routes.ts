import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../lib/errors.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { settingKey, settingList, settingRecord, updateSettingBody } from './settings.schema.ts';
import { findSetting, listSettings, updateSetting } from './settings.service.ts';

const byKey = z.object({ id: settingKey });

/** Admin-editable settings: ages, expiries, limits, the organization's name and time zone. */
export function settingsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/settings',
      operationId: 'listSettings',
      tag: 'settings',
      summary: 'List settings',
      permission: { action: 'list', resource: 'settings' },
      list: settingList,
      response: z.array(settingRecord),
      async handler({ res, list }) {
        const rows = await listSettings(deps.knex, list.filter);
        const page = rows.slice(list.offset, list.offset + list.limit);
        setContentRange(res, 'settings', list.offset, page.length, { exact: rows.length });
        res.json(page);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/settings/:id',
      operationId: 'getSetting',
      tag: 'settings',
      summary: 'One setting',
      permission: { action: 'show', resource: 'settings' },
      params: byKey,
      response: settingRecord,
      async handler({ res, params }) {
        const row = await findSetting(deps.knex, params.id);
        if (!row) throw notFound('Setting');
        res.json(row);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/settings/:id',
      operationId: 'updateSetting',
      tag: 'settings',
      summary: "Change a setting's value (send the version you read; 409 if stale)",
      permission: { action: 'edit', resource: 'settings' },
      params: byKey,
      body: updateSettingBody,
      response: settingRecord,
      errors: { 409: 'stale_version: someone changed it since you read it; reload' },
      async handler({ res, actor, params, body }) {
        res.json(await updateSetting(deps, actor, params.id, { value: body.value, version: body.version }));
      },
    }),
  ];
}
