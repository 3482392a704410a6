import PlaceIcon from '@mui/icons-material/Place';
import Chip from '@mui/material/Chip';
import { CreateButton, DataTable, List, NullableBooleanInput, SearchInput, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { DateTimeField, formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import type { DeskLocation } from '../../providers/dataProvider.ts';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <NullableBooleanInput
    key="active"
    source="active"
    alwaysOn
    trueLabel="portal.desk_locations.status.active"
    falseLabel="portal.desk_locations.status.retired"
  />,
];

/** Active, or retired since when and by whom (in words, not only a colour). */
const StatusField = () => {
  const record = useRecordContext<DeskLocation>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  if (!record.retired_at) return <Chip size="small" color="success" variant="outlined" label={translate('portal.desk_locations.status.active')} />;
  return (
    <>
      {translate('portal.desk_locations.retired_on', {
        date: formatDateTime(record.retired_at, timeZone),
        name: record.retired_by_username ?? '—',
      })}
    </>
  );
};

/**
 * The places where staff hand activation codes over, by name: the issue forms offer the active
 * ones, the weekly report counts codes per location. Retired ones stay listed, as their codes do.
 */
export const DeskLocationList = () => {
  const translate = useTranslate();
  return (
    <List
      filters={filters}
      actions={
        <TopToolbar>
          <CreateButton />
        </TopToolbar>
      }
      exporter={false}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={50}
    >
      <DataTable
        rowClick="edit"
        bulkActionButtons={false}
        rowSx={(record) => (record.retired_at ? { color: 'text.secondary' } : {})}
        empty={
          <EmptyState icon={<PlaceIcon />} title={translate('portal.desk_locations.empty')}>
            {translate('portal.desk_locations.empty_help')}
          </EmptyState>
        }
      >
        <DataTable.Col source="name" />
        <DataTable.Col source="retired_at" disableSort>
          <StatusField />
        </DataTable.Col>
        <DataTable.Col source="updated_at" field={DateTimeField} disableSort />
        <DataTable.Col source="updated_by_username" disableSort>
          <TextField source="updated_by_username" emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
