import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import { portalMessageBody, portalMessageReceived, portalReplyBody, portalReplyReceived, portalThreads, portalThreadsQuery } from './message-threads.schema.ts';
import { portalThreadsOf, receivePortalMessage, receivePortalReply } from './message-threads.service.ts';

/** What the portal sends and reads of a patient's customer-service messages. */
export function messageThreadPortalRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/messages',
      operationId: 'sendPortalMessage',
      tag: 'message-threads',
      summary:
        "A patient's message to customer service on billing (naming a guarantor account they are on), technical support or medical records; it lands in that team's queue",
      permission: 'portal-token',
      body: portalMessageBody,
      response: portalMessageReceived,
      responds: { status: 201, description: 'Received; the team answers by `dueAt` (3 business days)' },
      errors: {
        422: 'account_unknown, account_inactive (username); guarantor_account_required, guarantor_account_unknown (not an open account this patient is on), guarantor_account_not_allowed (only billing names one)',
      },
      async handler({ res, actor, body }) {
        res.status(201).json(await receivePortalMessage(deps, actor, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/messages/:threadId/replies',
      operationId: 'replyToPortalThread',
      tag: 'message-threads',
      summary: 'The patient answers in a thread of theirs: one waiting on them resumes its clock, a closed one reopens on a fresh 3-business-day clock',
      permission: 'portal-token',
      params: z.object({ threadId: idParam }),
      body: portalReplyBody,
      response: portalReplyReceived,
      responds: { status: 201, description: 'Received; the status the thread has now' },
      errors: { 404: 'not_found: no such thread of this username', 422: 'account_inactive (username)' },
      async handler({ res, actor, params, body }) {
        res.status(201).json(await receivePortalReply(deps, actor, params.threadId, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/messages',
      operationId: 'listPortalMessages',
      tag: 'message-threads',
      summary: "The patient's threads, newest first, with their messages and every staff reply (never staff's internal notes)",
      permission: 'portal-token',
      query: portalThreadsQuery,
      response: portalThreads,
      errors: { 422: 'account_unknown, account_inactive (username)' },
      async handler({ res, actor, query }) {
        res.json(await portalThreadsOf(deps, actor, query.username));
      },
    }),
  ];
}
