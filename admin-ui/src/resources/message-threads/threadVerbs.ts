import type { DataProvider, Identifier } from 'react-admin';
import type {
  FilledSavedReply,
  MessageTeamStats,
  MessageThreadDetail,
  ThreadAssignee,
  ThreadNoteRequest,
  ThreadReplyRequest,
} from '@portaldesk/admin-api/contract';
import type { HttpClient } from '../../providers/httpClient.ts';

/**
 * The message threads' verbs that are not plain CRUD (a status or assignee change is the plain
 * PUT: dataProvider.update). The console's dataProvider spreads `messageThreadVerbs` in.
 */
export interface MessageThreadVerbs {
  /** Sends a staff reply with the version read; 409 `thread_changed` (details.thread) when someone replied or changed it since. */
  replyToThread(params: { id: Identifier; body: ThreadReplyRequest }): Promise<{ data: MessageThreadDetail }>;
  /** Adds an internal note (never shown to the patient; the version does not step). */
  addThreadNote(params: { id: Identifier; body: ThreadNoteRequest }): Promise<{ data: MessageThreadDetail }>;
  /** "I am writing a reply": lasts a minute on the server, renewed while the draft has text. */
  startDrafting(params: { id: Identifier }): Promise<void>;
  /** The draft was sent, cleared or left. */
  stopDrafting(params: { id: Identifier }): Promise<void>;
  /** The thread's team's saved replies, their placeholders filled in for this thread. */
  threadSavedReplies(params: { id: Identifier }): Promise<{ data: FilledSavedReply[] }>;
  /** Whom the thread may be assigned to: the active members of its team, by name. */
  threadAssignees(params: { id: Identifier }): Promise<{ data: ThreadAssignee[] }>;
  /** Each team the caller reads: its queue now and its last 12 weeks. */
  messageTeamStats(): Promise<{ data: MessageTeamStats[] }>;
}

/** The dataProvider as the message pages use it. */
export type MessageThreadsDataProvider = DataProvider & MessageThreadVerbs;

/** The verbs over the console's HTTP client, for createDataProvider to spread in. */
export function messageThreadVerbs(http: HttpClient, apiUrl: string): MessageThreadVerbs {
  const thread = (id: Identifier, rest = '') => `${apiUrl}/message-threads/${encodeURIComponent(id)}${rest}`;
  const send = (url: string, method: string, body?: unknown) => http(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    async replyToThread({ id, body }) {
      return { data: (await send(thread(id, '/replies'), 'POST', body)).json };
    },
    async addThreadNote({ id, body }) {
      return { data: (await send(thread(id, '/notes'), 'POST', body)).json };
    },
    async startDrafting({ id }) {
      await send(thread(id, '/drafting'), 'PUT');
    },
    async stopDrafting({ id }) {
      await send(thread(id, '/drafting'), 'DELETE');
    },
    async threadSavedReplies({ id }) {
      return { data: (await http(thread(id, '/saved-replies'))).json };
    },
    async threadAssignees({ id }) {
      return { data: (await http(thread(id, '/assignees'))).json };
    },
    async messageTeamStats() {
      return { data: (await http(`${apiUrl}/message-team-stats`)).json };
    },
  };
}
