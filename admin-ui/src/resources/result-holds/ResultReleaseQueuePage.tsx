import { useState } from 'react';
import Typography from '@mui/material/Typography';
import LockClockIcon from '@mui/icons-material/LockClock';
import { DataTable, List, TextField, useListContext, useTranslate, type Identifier } from 'react-admin';
import type { ResultHold, ResultHoldListFilter } from '@portaldesk/admin-api/contract';
import { EmptyState } from '../../components/EmptyState.tsx';
import { addMessages } from '../../i18n.ts';
import { ReleaseResultsButton } from '../results/ReleaseResultsButton.tsx';
import { HoldBasis, HoldEnds, HoldPatient, HoldPlaced, HoldTest, OVERDUE_ROW } from './HoldFields.tsx';
import { resultHoldMessages } from './messages.ts';

addMessages(resultHoldMessages);

const OPEN_HOLDS: ResultHoldListFilter = { open: true };

/**
 * The selected holds' results, released together (the button asks why and refreshes the queue).
 * A selection may span pages, so each page's rows are remembered by `resultIdOf`.
 */
const ReleaseSelected = ({ resultIdOf }: { resultIdOf: ReadonlyMap<Identifier, number> }) => {
  const { selectedIds, onUnselectItems } = useListContext<ResultHold>();
  const resultIds = selectedIds.flatMap((id) => resultIdOf.get(id) ?? []);
  return <ReleaseResultsButton resultIds={resultIds} label="portal.result_holds.queue.release" onDone={() => onUnselectItems()} />;
};

const Empty = () => {
  const translate = useTranslate();
  return (
    <EmptyState icon={<LockClockIcon />} title={translate('portal.result_holds.queue.empty')}>
      {translate('portal.result_holds.queue.empty_help')}
    </EmptyState>
  );
};

/** Each hold's result, for every row shown so far (React's way to adjust state when a prop changes). */
function useResultIdsSeen(data: ResultHold[] | undefined): ReadonlyMap<Identifier, number> {
  const [seen, setSeen] = useState<{ data?: ResultHold[]; resultIdOf: ReadonlyMap<Identifier, number> }>({ resultIdOf: new Map() });
  if (data && data !== seen.data) {
    setSeen({ data, resultIdOf: new Map([...seen.resultIdOf, ...data.map((hold) => [hold.id, hold.result_id] as const)]) });
  }
  return seen.resultIdOf;
}

const Queue = () => {
  const { data } = useListContext<ResultHold>();
  const translate = useTranslate();
  const resultIdOf = useResultIdsSeen(data);
  return (
    <>
      <Typography sx={{ px: 2, pt: 2, maxWidth: 900 }}>{translate('portal.result_holds.queue.intro')}</Typography>
      <DataTable
        rowClick="toggleSelection"
        bulkActionButtons={<ReleaseSelected resultIdOf={resultIdOf} />}
        rowSx={(record) => (record.overdue ? OVERDUE_ROW : {})}
        empty={<Empty />}
      >
        <DataTable.Col source="patient_name" disableSort>
          <HoldPatient />
        </DataTable.Col>
        <DataTable.Col source="test_name" disableSort>
          <HoldTest />
        </DataTable.Col>
        <DataTable.Col source="basis" disableSort>
          <HoldBasis />
        </DataTable.Col>
        <DataTable.Col source="decided_by_name" disableSort>
          <TextField source="decided_by_name" />
        </DataTable.Col>
        <DataTable.Col source="placed_at">
          <HoldPlaced />
        </DataTable.Col>
        <DataTable.Col source="ends_at">
          <HoldEnds />
        </DataTable.Col>
      </DataTable>
    </>
  );
};

/**
 * The clinicians' release queue: results held now, the hold ending soonest first (overdue ones,
 * which the release job should have released, marked in words), to release one or many now.
 */
export const ResultReleaseQueuePage = () => (
  <List
    resource="result-holds"
    // Its own sort and selection, apart from the register's.
    storeKey="result-release-queue"
    title="portal.result_holds.queue.title"
    filter={OPEN_HOLDS}
    sort={{ field: 'ends_at', order: 'ASC' }}
    actions={false}
    exporter={false}
    perPage={50}
    empty={false}
  >
    <Queue />
  </List>
);
