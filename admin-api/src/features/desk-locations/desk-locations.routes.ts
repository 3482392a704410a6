import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { recordAudit } from '../../lib/audit.ts';
import { notFound } from '../../lib/errors.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { findDeskLocation, listActiveDeskLocations, listDeskLocations } from './desk-locations.repo.ts';
import { activeDeskLocation, createDeskLocationBody, deskLocationList, deskLocationRecord, renameDeskLocationBody } from './desk-locations.schema.ts';
import { createDeskLocation, renameDeskLocation, setDeskLocationRetired } from './desk-locations.service.ts';

const byId = z.object({ id: idParam });

/** Where activation codes are handed over: admins keep the list, the issue forms offer its active entries. */
export function deskLocationsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/desk-locations',
      operationId: 'listDeskLocations',
      tag: 'desk-locations',
      summary: 'Every desk location, retired ones too, by name (filter.active, filter.q)',
      permission: { action: 'list', resource: 'desk-locations' },
      list: deskLocationList,
      response: z.array(deskLocationRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await listDeskLocations(deps.knex, list.filter, list.sort, list.offset, list.limit);
        await recordAudit(deps.knex, actor, { action: 'list', resource: 'desk-locations', details: { criteria: list.filter } });
        setContentRange(res, 'desk-locations', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/desk-locations/active',
      operationId: 'listActiveDeskLocations',
      tag: 'desk-locations',
      summary: 'The locations a code may be issued at now, by name: whoever issues codes picks one',
      // Offered to whoever issues codes; managing the list stays with admins.
      permission: { action: 'create', resource: 'activation-codes' },
      response: z.array(activeDeskLocation),
      async handler({ res }) {
        res.json(await listActiveDeskLocations(deps.knex));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/desk-locations/:id',
      operationId: 'getDeskLocation',
      tag: 'desk-locations',
      summary: 'One desk location',
      permission: { action: 'show', resource: 'desk-locations' },
      params: byId,
      response: deskLocationRecord,
      async handler({ res, params }) {
        const row = await findDeskLocation(deps.knex, params.id);
        if (!row) throw notFound('Desk location');
        res.json(row);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/desk-locations',
      operationId: 'createDeskLocation',
      tag: 'desk-locations',
      summary: 'Add a desk location; the issue forms offer it at once',
      permission: { action: 'create', resource: 'desk-locations' },
      body: createDeskLocationBody,
      response: deskLocationRecord,
      responds: { status: 201, description: 'The location' },
      errors: { 409: 'name_taken: another location, maybe retired, has this name whatever its case and spacing; errors.name names it' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createDeskLocation(deps, actor, body.name));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/desk-locations/:id',
      operationId: 'renameDeskLocation',
      tag: 'desk-locations',
      summary: 'Rename a location (send the version you read; 409 if stale); its codes are reported under the new name',
      permission: { action: 'edit', resource: 'desk-locations' },
      params: byId,
      body: renameDeskLocationBody,
      response: deskLocationRecord,
      errors: { 409: 'stale_version: someone changed it since you read it, reload; name_taken: another location has this name' },
      async handler({ res, actor, params, body }) {
        res.json(await renameDeskLocation(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/desk-locations/:id/retire',
      operationId: 'retireDeskLocation',
      tag: 'desk-locations',
      summary: 'Retire a location: no longer offered for new codes, still named in reports (never deleted, as old codes point at it)',
      permission: { action: 'deactivate', resource: 'desk-locations' },
      params: byId,
      response: deskLocationRecord,
      async handler({ res, actor, params }) {
        res.json(await setDeskLocationRetired(deps, actor, params.id, true));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/desk-locations/:id/restore',
      operationId: 'restoreDeskLocation',
      tag: 'desk-locations',
      summary: 'Offer a retired location for new codes again',
      permission: { action: 'reactivate', resource: 'desk-locations' },
      params: byId,
      response: deskLocationRecord,
      async handler({ res, actor, params }) {
        res.json(await setDeskLocationRetired(deps, actor, params.id, false));
      },
    }),
  ];
}
