import GppGoodIcon from '@mui/icons-material/GppGood';
import { DataTable, List, SelectInput, useTranslate } from 'react-admin';
import { DateOnlyField, DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { DueField } from './DueField.tsx';

const filters = [
  <SelectInput
    key="status"
    source="status"
    alwaysOn
    choices={[
      { id: 'open', name: 'portal.identity.status.open' },
      { id: 'resolved', name: 'portal.identity.status.resolved' },
    ]}
  />,
];

/** Open cases first by age: the oldest is due first. */
export const IdentityCheckList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} filterDefaultValues={{ status: 'open' }} sort={{ field: 'reported_at', order: 'ASC' }} exporter={false} perPage={25}>
      <DataTable
        rowClick="edit"
        bulkActionButtons={false}
        rowSx={(record) => (record.overdue ? { bgcolor: 'error.50' } : {})}
        empty={<EmptyState icon={<GppGoodIcon />} title={translate('portal.identity.empty')} />}
      >
        <DataTable.Col source="reported_at" field={DateTimeField} />
        <DataTable.Col source="family_name" disableSort />
        <DataTable.Col source="given_name" disableSort />
        <DataTable.Col source="date_of_birth" field={DateOnlyField} disableSort />
        <DataTable.Col source="reason" disableSort />
        <DataTable.Col source="patient_mrn" disableSort />
        <DataTable.Col source="due_at" disableSort>
          <DueField />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
