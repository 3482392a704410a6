import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { notFound } from '../../lib/errors.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { findStaffUser, listStaffUsers } from './staff-users.repo.ts';
import { passwordLinkRecord } from '../password-resets/password-resets.schema.ts';
import {
  createdStaffUserRecord,
  createStaffUserBody,
  deactivateStaffUserBody,
  staffUserList,
  staffUserRecord,
  updateStaffUserBody,
} from './staff-users.schema.ts';
import { createStaffUser, deactivateStaffUser, reactivateStaffUser, startPasswordReset, updateStaffUser } from './staff-users.service.ts';

const byId = z.object({ id: idParam });

export function staffUsersRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/staff-users',
      operationId: 'listStaffUsers',
      tag: 'staff-users',
      summary: 'List staff users',
      permission: { action: 'list', resource: 'staff-users' },
      list: staffUserList,
      response: z.array(staffUserRecord),
      async handler({ res, list }) {
        const { rows, total } = await listStaffUsers(deps.knex, list.filter, list.sort, list.offset, list.limit);
        setContentRange(res, 'staff-users', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/staff-users/:id',
      operationId: 'getStaffUser',
      tag: 'staff-users',
      summary: 'One staff user',
      permission: { action: 'show', resource: 'staff-users' },
      params: byId,
      response: staffUserRecord,
      async handler({ res, params }) {
        const row = await findStaffUser(deps.knex, params.id);
        if (!row) throw notFound('Staff user');
        res.json(row);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/staff-users',
      operationId: 'createStaffUser',
      tag: 'staff-users',
      summary: 'Create a staff user; answers a one-time password link, once',
      permission: { action: 'create', resource: 'staff-users' },
      body: createStaffUserBody,
      response: createdStaffUserRecord,
      responds: { status: 201, description: 'The staff user, with password_link (shown only now)' },
      errors: {
        400: 'validation_failed: a field is wrong; roles_not_allowed_together: admin with a patient-data role',
        409: 'username_taken: someone has that username already',
      },
      async handler({ res, actor, body }) {
        res.status(201).json(await createStaffUser(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/staff-users/:id',
      operationId: 'updateStaffUser',
      tag: 'staff-users',
      summary: 'Change display name and roles (send the version you read; 409 if stale)',
      permission: { action: 'edit', resource: 'staff-users' },
      params: byId,
      body: updateStaffUserBody,
      response: staffUserRecord,
      errors: {
        400: 'validation_failed: a field is wrong; roles_not_allowed_together: admin with a patient-data role; invalid_request: the last admin keeps the role',
        403: "forbidden or csrf_failed: the caller's roles or CSRF token; own_roles: nobody changes their own roles",
        409: 'stale_version: someone changed them since you read them; reload',
      },
      async handler({ res, actor, params, body }) {
        res.json(await updateStaffUser(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/staff-users/:id/deactivate',
      operationId: 'deactivateStaffUser',
      tag: 'staff-users',
      summary: 'Deactivate with a reason; their sessions end at once',
      permission: { action: 'deactivate', resource: 'staff-users' },
      params: byId,
      body: deactivateStaffUserBody,
      response: staffUserRecord,
      errors: {
        400: 'validation_failed: a field is wrong; cannot_deactivate_self: that is you; invalid_request: the last active admin cannot be deactivated',
        409: 'already_deactivated: they are deactivated already',
      },
      async handler({ res, actor, params, body }) {
        res.json(await deactivateStaffUser(deps, actor, params.id, body.reason));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/staff-users/:id/reactivate',
      operationId: 'reactivateStaffUser',
      tag: 'staff-users',
      summary: 'Reactivate a deactivated staff user',
      permission: { action: 'reactivate', resource: 'staff-users' },
      params: byId,
      response: staffUserRecord,
      errors: { 409: 'already_active: they are active already' },
      async handler({ res, actor, params }) {
        res.json(await reactivateStaffUser(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/staff-users/:id/password-reset',
      operationId: 'issueStaffPasswordLink',
      tag: 'staff-users',
      summary: 'Start a password reset: answers a one-time link, once',
      permission: { action: 'reset-password', resource: 'staff-users' },
      params: byId,
      response: passwordLinkRecord,
      responds: { status: 201, description: '{ url, expires_at } of the one-time link' },
      errors: { 409: 'deactivated: reactivate them first' },
      async handler({ res, actor, params }) {
        res.status(201).json(await startPasswordReset(deps, actor, params.id));
      },
    }),
  ];
}
