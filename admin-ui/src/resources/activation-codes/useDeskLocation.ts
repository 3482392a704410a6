import { useQuery } from '@tanstack/react-query';
import { useDataProvider, useStore } from 'react-admin';
import type { ActiveDeskLocation, PortalDataProvider } from '../../providers/dataProvider.ts';

/** react-admin's store is kept in memory (App.tsx) and emptied at sign-out: the choice lasts the session. */
const STORE_KEY = 'portal.desk-location';

export interface DeskLocationChoice {
  /** The active locations, by name; undefined while loading. */
  locations: ActiveDeskLocation[] | undefined;
  loadError: unknown;
  /** The location chosen last in this session, while it is still active. */
  chosen: ActiveDeskLocation | null;
  choose(id: number): void;
  /** True while a code cannot be issued yet: locations exist (or are loading) and none is chosen. */
  missing: boolean;
}

/**
 * Where this person hands codes over, picked from the admin-kept list of active desk locations
 * and remembered for the rest of the session (in memory only), so every issue form starts from
 * it. A remembered location that an admin has retired since is no longer chosen. The list is
 * read once `enabled` (where a code can be issued).
 */
export function useDeskLocation({ enabled = true }: { enabled?: boolean } = {}): DeskLocationChoice {
  const dataProvider = useDataProvider<PortalDataProvider>();
  const [rememberedId, remember] = useStore<number | null>(STORE_KEY, null);
  const { data: locations, error } = useQuery({
    queryKey: ['desk-locations', 'active'],
    queryFn: () => dataProvider.activeDeskLocations().then(({ data }) => data),
    enabled,
  });
  const chosen = locations?.find((location) => location.id === rememberedId) ?? null;
  // With no location yet (a new install) codes can still be issued: they count as "not recorded".
  const missing = chosen === null && (error ? false : locations === undefined || locations.length > 0);
  return { locations, loadError: error, chosen, choose: remember, missing };
}
