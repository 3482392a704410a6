import { useState } from 'react';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';
import {
  Button,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  NumberInput,
  TextField,
  TopToolbar,
  useDataProvider,
  useListContext,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin';
import { DateOnlyField, DateTimeField, useOrganizationTimeZone } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';

const thisYear = (timeZone: string | undefined) => Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(new Date()));

/** Adds the US federal holidays of the year on screen that are not listed yet. */
const FederalHolidaysButton = () => {
  const { filterValues } = useListContext();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const timeZone = useOrganizationTimeZone();
  const [busy, setBusy] = useState(false);
  const year = Number(filterValues.year) || thisYear(timeZone);
  const add = async () => {
    setBusy(true);
    try {
      const { data } = await dataProvider.addFederalHolidays({ year });
      notify(data.added ? 'portal.holidays.federal_added' : 'portal.holidays.federal_none', {
        type: 'success',
        messageArgs: { smart_count: data.added, year },
      });
      refresh();
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? 'ra.notification.http_error', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button label="portal.holidays.add_federal" onClick={add} disabled={busy} startIcon={<PlaylistAddIcon />}>
      <PlaylistAddIcon />
    </Button>
  );
};

const Actions = () => (
  <TopToolbar>
    <FilterButton />
    <FederalHolidaysButton />
    <CreateButton />
  </TopToolbar>
);

const filters = [<NumberInput key="year" source="year" alwaysOn min={2000} max={2100} step={1} />];

/**
 * The holidays of the business calendar for one year: days the business is closed, so no due
 * date counts them. Seeded with the US federal holidays as observed; admins add, move or remove.
 */
export const HolidayList = () => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <List
      filters={filters}
      filterDefaultValues={{ year: thisYear(timeZone) }}
      actions={<Actions />}
      exporter={false}
      sort={{ field: 'date', order: 'ASC' }}
      perPage={50}
      pagination={false}
    >
      <DataTable
        rowClick="edit"
        bulkActionButtons={false}
        empty={
          <EmptyState icon={<EventBusyIcon />} title={translate('portal.holidays.empty')}>
            {translate('portal.holidays.empty_help')}
          </EmptyState>
        }
      >
        <DataTable.Col source="date" field={DateOnlyField} />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="source" disableSort>
          <SourceField />
        </DataTable.Col>
        <DataTable.Col source="updated_at" field={DateTimeField} disableSort />
        <DataTable.Col source="updated_by_username" disableSort>
          <TextField source="updated_by_username" emptyText="portal.holidays.by_system" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

/** Where a holiday came from: the federal list or an admin. */
const SourceField = () => {
  const record = useRecordContext<{ source: string }>();
  const translate = useTranslate();
  return record ? <>{translate(`portal.holidays.source.${record.source}`, { _: record.source })}</> : null;
};
