import { useQueryClient } from '@tanstack/react-query';
import { HttpError, useDataProvider } from 'react-admin';
import type { MessageThreadDetail } from '@portaldesk/admin-api/contract';
import { apiErrorBody } from '../../providers/httpClient.ts';
import type { MessageThreadsDataProvider } from './threadVerbs.ts';
import { RESOURCE } from './threadWords.ts';

/** The dataProvider with the message threads' own verbs. */
export const useThreadsDataProvider = () => useDataProvider<MessageThreadsDataProvider>();

/**
 * Puts the thread as the API answered it (after a reply, a note, a change, or with a refusal) on
 * the page at once, without a second read of the patient's data, and marks the queue stale.
 */
export function usePutThread() {
  const queryClient = useQueryClient();
  return (thread: MessageThreadDetail) => {
    queryClient.setQueryData([RESOURCE, 'getOne', { id: String(thread.id), meta: undefined }], thread);
    void queryClient.invalidateQueries({ queryKey: [RESOURCE, 'getList'] });
  };
}

/** A refusal because the thread changed since it was read: the server's words and the thread as it is now, when it sent it. */
export interface ThreadChanged {
  message: string;
  thread: MessageThreadDetail | null;
}

/** The 409 `thread_changed` in `error`, or null for any other failure. */
export function threadChanged(error: unknown): ThreadChanged | null {
  if (!(error instanceof HttpError) || error.status !== 409) return null;
  const body = apiErrorBody(error);
  if (body && body.code !== 'thread_changed') return null;
  const thread = body?.details?.thread as MessageThreadDetail | undefined;
  return { message: error.message, thread: thread && Array.isArray(thread.messages) ? thread : null };
}
