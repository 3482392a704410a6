import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { setContentRange } from '../../lib/list-query.ts';
import { defineRoute, type RouteSpec } from '../../lib/routes.ts';
import { idParam } from '../../lib/validation.ts';
import {
  filledSavedReply,
  messageTeamStats,
  messageThreadDetail,
  messageThreadList,
  messageThreadRecord,
  threadAssignee,
  threadNoteBody,
  threadReplyBody,
  threadUpdateBody,
} from './message-threads.schema.ts';
import {
  addNote,
  browseThreads,
  changeThread,
  fillSavedReplies,
  markDrafting,
  replyToThread,
  showThread,
  stopDrafting,
  teamStats,
  threadAssignees,
} from './message-threads.service.ts';

const byId = z.object({ id: idParam });
const OTHER_TEAM = 'not_found: no such thread, or one of a topic your team does not answer (never told apart)';
const THREAD_CHANGED =
  'thread_changed: another reply or change came first; the message says who did what and when, details.thread is the thread as it is now (nothing of yours was saved)';

/** Each team's customer-service queue: threads, replies, internal notes, reassignment. */
export function messageThreadsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/message-threads',
      operationId: 'listMessageThreads',
      tag: 'message-threads',
      summary:
        "The threads of the caller's topics (the privacy office: every topic), due soonest first, paused and closed ones last; filters topic, status, assignee_id (id, 'me' or null), overdue, q, patient_id",
      permission: { action: 'list', resource: 'message-threads' },
      list: messageThreadList,
      response: z.array(messageThreadRecord),
      async handler({ res, actor, list }) {
        const { rows, total } = await browseThreads(deps, actor, list);
        setContentRange(res, 'message-threads', list.offset, rows.length, { exact: total });
        res.json(rows);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/message-team-stats',
      operationId: 'getMessageTeamStats',
      tag: 'message-threads',
      summary:
        "Each team's dashboard the caller reads: its queue now and, for the last 12 weeks, threads received, answered and the median business minutes to the first reply",
      permission: { action: 'list', resource: 'message-threads' },
      response: z.array(messageTeamStats),
      async handler({ res, actor }) {
        res.json(await teamStats(deps, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/message-threads/:id',
      operationId: 'getMessageThread',
      tag: 'message-threads',
      summary: 'One thread: the conversation in order with the internal notes among it, and who else is writing a reply now (audited as a read of the patient)',
      permission: { action: 'show', resource: 'message-threads' },
      params: byId,
      response: messageThreadDetail,
      errors: { 404: OTHER_TEAM },
      async handler({ res, actor, params }) {
        res.json(await showThread(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/message-threads/:id/replies',
      operationId: 'replyToMessageThread',
      tag: 'message-threads',
      summary:
        'Reply to the patient (send the version you read): the portal shows it and the patient is told there is a reply; the thread then waits on the patient unless status says open or closed',
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      body: threadReplyBody,
      response: messageThreadDetail,
      responds: { status: 201, description: 'Sent; the thread as it is now' },
      errors: { 404: OTHER_TEAM, 409: THREAD_CHANGED, 422: "saved_reply_unknown: saved_reply_id is not one of the thread's team" },
      async handler({ res, actor, params, body }) {
        res.status(201).json(await replyToThread(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/message-threads/:id/notes',
      operationId: 'addMessageThreadNote',
      tag: 'message-threads',
      summary: 'Add an internal note: staff only, never shown to the patient; it does not change the version',
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      body: threadNoteBody,
      response: messageThreadDetail,
      responds: { status: 201, description: 'Noted; the thread as it is now' },
      errors: { 404: OTHER_TEAM },
      async handler({ res, actor, params, body }) {
        res.status(201).json(await addNote(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/message-threads/:id',
      operationId: 'updateMessageThread',
      tag: 'message-threads',
      summary:
        'Change the status (open, waiting_on_patient pauses the clock, closed; open from closed reopens on a fresh clock) or the assignee (null unassigns); send the version you read',
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      body: threadUpdateBody,
      response: messageThreadDetail,
      errors: {
        404: OTHER_TEAM,
        409: THREAD_CHANGED,
        422: "assignee_not_allowed: assignee_id is not an active member of the thread's team; not_asked_yet: waiting_on_patient before any staff reply (status)",
      },
      async handler({ res, actor, params, body }) {
        res.json(await changeThread(deps, actor, params.id, body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/message-threads/:id/assignees',
      operationId: 'listMessageThreadAssignees',
      tag: 'message-threads',
      summary: 'Whom the thread may be assigned to: the active members of its team, by name (not audited: staff names, no patient data)',
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      response: z.array(threadAssignee),
      errors: { 404: OTHER_TEAM },
      async handler({ res, actor, params }) {
        res.json(await threadAssignees(deps, actor, params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/message-threads/:id/drafting',
      operationId: 'startDraftingMessageReply',
      tag: 'message-threads',
      summary: '"I am writing a reply": shown to others who open the thread for 60 seconds; send it again while the draft stays open',
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      responds: { status: 204, description: 'Announced' },
      errors: { 404: OTHER_TEAM },
      async handler({ res, actor, params }) {
        await markDrafting(deps, actor, params.id);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/message-threads/:id/drafting',
      operationId: 'stopDraftingMessageReply',
      tag: 'message-threads',
      summary: 'The draft was sent or dropped: others no longer see you writing',
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      responds: { status: 204, description: 'No longer shown' },
      errors: { 404: OTHER_TEAM },
      async handler({ res, actor, params }) {
        await stopDrafting(deps, actor, params.id);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/message-threads/:id/saved-replies',
      operationId: 'listFilledSavedReplies',
      tag: 'message-threads',
      summary:
        "The saved replies of the thread's team, placeholders filled for this thread; those with no value here are left as written and named in unfilled",
      permission: { action: 'edit', resource: 'message-threads' },
      params: byId,
      response: z.array(filledSavedReply),
      errors: { 404: OTHER_TEAM },
      async handler({ res, actor, params }) {
        res.json(await fillSavedReplies(deps, actor, params.id));
      },
    }),
  ];
}
