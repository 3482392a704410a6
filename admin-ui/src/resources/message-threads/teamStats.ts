import { useQuery } from '@tanstack/react-query';
import { useCanAccess } from 'react-admin';
import type { MessageTeamStats } from '@portaldesk/admin-api/contract';
import { addMessages } from '../../i18n.ts';
import { messageThreadMessages } from './messages.ts';
import type { QueueFilter } from './MessageThreadSearchForm.tsx';
import { useThreadsDataProvider } from './threadCache.ts';
import { RESOURCE } from './threadWords.ts';

addMessages(messageThreadMessages);

/**
 * Each team's figures the signed-in person reads (none for a role without a queue, and nothing
 * fetched then). The tiles and the charts share one request.
 */
export function useTeamStats() {
  const dataProvider = useThreadsDataProvider();
  const { canAccess, isPending: checking } = useCanAccess({ action: 'list', resource: RESOURCE });
  const query = useQuery({
    queryKey: ['message-team-stats'],
    queryFn: () => dataProvider.messageTeamStats().then(({ data }) => data),
    enabled: canAccess === true,
  });
  return { allowed: canAccess === true, checking, stats: query.data as MessageTeamStats[] | undefined, error: query.error };
}

/** The queue's page filtered as `filter`, as a link target. */
export const queuePath = (filter: QueueFilter) => `/${RESOURCE}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`;

/** Working minutes as hours with one decimal: 150 → 2.5. */
export const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;
