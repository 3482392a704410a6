import EventBusyIcon from '@mui/icons-material/EventBusy';
import { Link } from 'react-router-dom';
import { Button, DataTable, FilterButton, List, TextField, TextInput, TopToolbar } from 'react-admin';
import { DateTimeField } from '../../components/dates.tsx';
import { SettingName, SettingValue } from './SettingValue.tsx';

const filters = [<TextInput key="q" source="q" label="portal.settings.search" alwaysOn resettable />];

/** The business calendar's hours are settings here; its holidays are a list of their own. */
const SettingActions = () => (
  <TopToolbar>
    <FilterButton />
    <Button component={Link} to="/business-holidays" label="portal.holidays.calendar" startIcon={<EventBusyIcon />} />
  </TopToolbar>
);

/** Every setting with what it does; a row opens its edit form. */
export const SettingList = () => (
  <List filters={filters} actions={<SettingActions />} exporter={false} sort={{ field: 'id', order: 'ASC' }} perPage={50} pagination={false}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="name" disableSort>
        <SettingName />
      </DataTable.Col>
      <DataTable.Col source="value" disableSort>
        <SettingValue />
      </DataTable.Col>
      <DataTable.Col source="updated_at" field={DateTimeField} disableSort />
      <DataTable.Col source="updated_by_username" disableSort>
        <TextField source="updated_by_username" emptyText="portal.settings.seeded" />
      </DataTable.Col>
      <DataTable.Col source="id" disableSort />
    </DataTable>
  </List>
);
