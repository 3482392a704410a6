import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { createServiceLocationBody, serviceLocationList, serviceLocationRecord, updateServiceLocationBody } from './service-locations.schema.ts';
import { browseServiceLocations, createServiceLocation, getServiceLocation, updateServiceLocationById } from './service-locations.service.ts';

const byId = z.object({ id: idParam });

/** Where the hospital bills from: admins keep each location's billing phone and whether it takes online payments. */
export function serviceLocationsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/service-locations',
      operationId: 'listServiceLocations',
      tag: 'service-locations',
      summary: 'Every service location, by name (filter q, accepts_online_payments, id)',
      permission: { action: 'list', resource: 'service-locations' },
      list: serviceLocationList,
      response: z.array(serviceLocationRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseServiceLocations(deps, actor, list);
        setContentRange(res, 'service-locations', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/service-locations/:id',
      operationId: 'getServiceLocation',
      tag: 'service-locations',
      summary: 'One service location',
      permission: { action: 'show', resource: 'service-locations' },
      params: byId,
      response: serviceLocationRecord,
      async handler({ res, actor, params }) {
        res.json(await getServiceLocation(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/service-locations',
      operationId: 'createServiceLocation',
      tag: 'service-locations',
      summary: 'Add a service location: its billing phone (any US form; stored as E.164) and whether it takes online payments',
      permission: { action: 'create', resource: 'service-locations' },
      body: createServiceLocationBody,
      response: serviceLocationRecord,
      responds: { status: 201, description: 'The location' },
      errors: { 409: 'name_taken: another location has this name whatever its case and spacing; errors.name names it' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createServiceLocation(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/service-locations/:id',
      operationId: 'updateServiceLocation',
      tag: 'service-locations',
      summary: "Change a location (send the version you read; 409 if stale); its accounts' Pay Now follows at once",
      permission: { action: 'edit', resource: 'service-locations' },
      params: byId,
      body: updateServiceLocationBody,
      response: serviceLocationRecord,
      errors: { 409: 'stale_version: someone changed it since you read it, reload; name_taken: another location has this name' },
      async handler({ res, actor, params, body }) {
        res.json(await updateServiceLocationById(deps, actor, params.id, body));
      },
    }),
  ];
}
