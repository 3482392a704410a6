import StorefrontIcon from '@mui/icons-material/Storefront';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import {
  CreateButton,
  DataTable,
  List,
  NullableBooleanInput,
  SearchInput,
  TextField,
  TopToolbar,
  useListContext,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ServiceLocation } from '@portaldesk/admin-api/contract';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { addMessages } from '../../i18n.ts';
import { serviceLocationMessages } from './messages.ts';

addMessages(serviceLocationMessages);

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <NullableBooleanInput
    key="accepts_online_payments"
    source="accepts_online_payments"
    alwaysOn
    nullLabel="portal.service_locations.online.any"
    trueLabel="portal.service_locations.online.yes"
    falseLabel="portal.service_locations.online.no"
  />,
];

/** Whether the location takes online payments, in words (and a colour, never colour alone). */
const OnlinePaymentsField = () => {
  const record = useRecordContext<ServiceLocation>();
  const translate = useTranslate();
  if (!record) return null;
  return record.accepts_online_payments ? (
    <Chip size="small" color="success" variant="outlined" label={translate('portal.service_locations.online.yes')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('portal.service_locations.online.no')} />
  );
};

/** No location at all yet: what they are for, and the way to add the first. */
const NoLocationsYet = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ width: '100%' }}>
      <EmptyState icon={<StorefrontIcon />} title={translate('portal.service_locations.empty')}>
        {translate('portal.service_locations.empty_help')}
      </EmptyState>
      <Box sx={{ display: 'flex', justifyContent: 'center' }}>
        <CreateButton variant="contained" label="portal.service_locations.add" />
      </Box>
    </Box>
  );
};

/** Nothing for the search typed (the filters stay on screen to change it). */
const NoMatch = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const filtered = Object.values(filterValues ?? {}).some((value) => value !== undefined && value !== '');
  return filtered ? (
    <EmptyState icon={<StorefrontIcon />} title={translate('portal.service_locations.empty_filtered')}>
      {translate('portal.service_locations.empty_filtered_help')}
    </EmptyState>
  ) : (
    <NoLocationsYet />
  );
};

/**
 * The places the hospital bills from (admins keep them; billing reads them): the billing phone
 * patients call, shown as people write it, and whether online payments are taken, which decides
 * whether their guarantor accounts offer Pay Now.
 */
export const ServiceLocationList = () => (
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
    empty={<NoLocationsYet />}
  >
    <DataTable rowClick="edit" bulkActionButtons={false} empty={<NoMatch />}>
      <DataTable.Col source="name" />
      <DataTable.Col source="billing_phone_display" disableSort />
      <DataTable.Col source="accepts_online_payments" disableSort>
        <OnlinePaymentsField />
      </DataTable.Col>
      <DataTable.Col source="updated_at" field={DateTimeField} disableSort />
      <DataTable.Col source="updated_by_username" disableSort>
        <TextField source="updated_by_username" emptyText="—" />
      </DataTable.Col>
    </DataTable>
  </List>
);
