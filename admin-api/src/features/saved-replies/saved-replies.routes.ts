import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { savedReplyBody, savedReplyDeleteQuery, savedReplyList, savedReplyRecord, savedReplyUpdateBody } from './saved-replies.schema.ts';
import { browseSavedReplies, changeSavedReply, createSavedReply, removeSavedReply, showSavedReply } from './saved-replies.service.ts';

const byId = z.object({ id: idParam });

/** The answers each team reuses, kept by admins. */
export function savedRepliesRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/saved-replies',
      operationId: 'listSavedReplies',
      tag: 'saved-replies',
      summary: "Saved replies by title: admins see every team's, staff their own teams' (filter.team, filter.q)",
      permission: { action: 'list', resource: 'saved-replies' },
      list: savedReplyList,
      response: z.array(savedReplyRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseSavedReplies(deps, actor, list);
        setContentRange(res, 'saved-replies', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/saved-replies/:id',
      operationId: 'getSavedReply',
      tag: 'saved-replies',
      summary: 'One saved reply',
      permission: { action: 'show', resource: 'saved-replies' },
      params: byId,
      response: savedReplyRecord,
      async handler({ res, actor, params }) {
        res.json(await showSavedReply(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/saved-replies',
      operationId: 'createSavedReply',
      tag: 'saved-replies',
      summary: 'Add a saved reply to a team; the body may name placeholders such as {{patient_first_name}} (an unknown one is a 400 naming body)',
      permission: { action: 'create', resource: 'saved-replies' },
      body: savedReplyBody,
      response: savedReplyRecord,
      responds: { status: 201, description: 'The saved reply' },
      errors: { 409: 'title_taken: the team has a saved reply of this title (any case); errors.title names it' },
      async handler({ res, actor, body }) {
        res.status(201).json(await createSavedReply(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/saved-replies/:id',
      operationId: 'updateSavedReply',
      tag: 'saved-replies',
      summary: 'Change a saved reply (send the version you read; 409 if stale)',
      permission: { action: 'edit', resource: 'saved-replies' },
      params: byId,
      body: savedReplyUpdateBody,
      response: savedReplyRecord,
      errors: { 409: 'stale_version: someone changed it since you read it (details.current); title_taken: the team has a saved reply of this title' },
      async handler({ res, actor, params, body }) {
        res.json(await changeSavedReply(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/saved-replies/:id',
      operationId: 'deleteSavedReply',
      tag: 'saved-replies',
      summary: 'Remove a saved reply (send the version you read as ?version=; 409 if stale); replies already sent from it keep their words',
      permission: { action: 'delete', resource: 'saved-replies' },
      params: byId,
      query: savedReplyDeleteQuery,
      response: savedReplyRecord,
      responds: { description: 'The saved reply as it was before removal' },
      errors: { 409: 'stale_version: someone changed it since you read it (details.current); nothing was removed' },
      async handler({ res, actor, params, query }) {
        res.json(await removeSavedReply(deps, actor, params.id, query.version));
      },
    }),
  ];
}
