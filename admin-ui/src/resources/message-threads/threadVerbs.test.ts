import { describe, expect, it, vi } from 'vitest';
import type { HttpClient } from '../../providers/httpClient.ts';
import { messageThreadVerbs } from './threadVerbs.ts';

const answering = (json: unknown) => vi.fn<HttpClient>(async () => ({ status: 200, headers: new Headers(), body: JSON.stringify(json), json }));

describe('messageThreadVerbs', () => {
  it('when the console replies, notes, drafts and reads saved replies, the team and figures, then each goes to its own URL and method with the body as JSON', async () => {
    const http = answering({ id: 12 });
    const verbs = messageThreadVerbs(http, '/api');

    expect(await verbs.replyToThread({ id: 12, body: { body: 'Hello', version: 3, status: 'open', saved_reply_id: 5 } })).toEqual({ data: { id: 12 } });
    expect(http).toHaveBeenLastCalledWith('/api/message-threads/12/replies', {
      method: 'POST',
      body: JSON.stringify({ body: 'Hello', version: 3, status: 'open', saved_reply_id: 5 }),
    });
    await verbs.addThreadNote({ id: 12, body: { body: 'Staff only' } });
    expect(http).toHaveBeenLastCalledWith('/api/message-threads/12/notes', { method: 'POST', body: JSON.stringify({ body: 'Staff only' }) });
    await verbs.startDrafting({ id: 12 });
    expect(http).toHaveBeenLastCalledWith('/api/message-threads/12/drafting', { method: 'PUT', body: undefined });
    await verbs.stopDrafting({ id: 12 });
    expect(http).toHaveBeenLastCalledWith('/api/message-threads/12/drafting', { method: 'DELETE', body: undefined });
    await verbs.threadSavedReplies({ id: 12 });
    expect(http).toHaveBeenLastCalledWith('/api/message-threads/12/saved-replies');
    await verbs.threadAssignees({ id: 12 });
    expect(http).toHaveBeenLastCalledWith('/api/message-threads/12/assignees');
    await verbs.messageTeamStats();
    expect(http).toHaveBeenLastCalledWith('/api/message-team-stats');
  });
});
