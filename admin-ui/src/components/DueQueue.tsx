import type { MouseEvent, ReactElement, ReactNode } from 'react';
import Box from '@mui/material/Box';
import { DataTable, Link, List, useCreatePath, useListContext, useTranslate, type Identifier } from 'react-admin';
import { EmptyState } from './EmptyState.tsx';

/*
 * The work queues whose requests are due by a date (demographic changes, proxy requests,
 * customer-service messages): the list, its rows' link and what an empty queue says.
 */

/** An overdue row: a pale red band with a red edge, beside the "Overdue" chip that says it in words. */
const OVERDUE_ROW = { bgcolor: '#fdf0ef', boxShadow: 'inset 4px 0 0 #c62828' };

// The link opens the record itself; the row's own click would open it a second time.
const stopPropagation = (event: MouseEvent) => event.stopPropagation();

/** A link to a row's record, so keyboard users can Tab to a row and press Enter. */
export const RowShowLink = ({ resource, id, children }: { resource: string; id: Identifier; children: ReactNode }) => {
  const createPath = useCreatePath();
  return (
    <Link to={createPath({ resource, id, type: 'show' })} onClick={stopPropagation}>
      {children}
    </Link>
  );
};

/** A cell's second, smaller line under its first (a team under the topic, a username under the name). */
export const CellSecondLine = ({ children }: { children: ReactNode }) => (
  <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
    {children}
  </Box>
);

/**
 * Nothing waiting (the queue's default view), or nothing for the filters chosen. `messages` is the
 * queue's translation prefix, holding `empty`, `empty_help`, `empty_filtered` and `empty_filtered_help`.
 */
export const DueQueueEmpty = <Filter,>({
  icon,
  messages,
  isDefaultFilter,
}: {
  icon: ReactElement;
  messages: string;
  isDefaultFilter: (filter: Filter) => boolean;
}) => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const waiting = isDefaultFilter(filterValues);
  return (
    <EmptyState icon={icon} title={translate(waiting ? `${messages}.empty` : `${messages}.empty_filtered`)}>
      {translate(waiting ? `${messages}.empty_help` : `${messages}.empty_filtered_help`)}
    </EmptyState>
  );
};

/**
 * A queue of requests due by a date: filtered by `filters` (from `defaultFilter`), the one due
 * soonest first, 25 a page, a row opening its record; overdue rows are marked in colour (their
 * due column says it in words).
 */
export const DueQueueList = <Filter extends object>({
  filters,
  defaultFilter,
  empty,
  children,
}: {
  filters: ReactElement;
  defaultFilter: Filter;
  empty: ReactElement;
  children: ReactNode;
}) => (
  <List
    filters={filters}
    filterDefaultValues={defaultFilter}
    sort={{ field: 'due_at', order: 'ASC' }}
    actions={false}
    exporter={false}
    perPage={25}
    // The table's own empty state, with the filters still there: react-admin's replaces the page.
    empty={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false} rowSx={(record) => (record.overdue ? OVERDUE_ROW : {})} empty={empty}>
      {children}
    </DataTable>
  </List>
);
