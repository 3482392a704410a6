import {
  CanAccess,
  DataTable,
  DateTimeInput,
  FilterButton,
  List,
  NumberInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { AccessDescription, StaffMember } from '../../components/AccessDescription.tsx';
import { ExportCsvButton } from '../../components/ExportCsvButton.tsx';
import { DateTimeField, toInstant } from '../../components/dates.tsx';
import { OutcomeChip, unsuccessfulRowSx } from '../../components/OutcomeChip.tsx';
import { TotalAtLeastNotice } from '../../components/TotalAtLeastNotice.tsx';

const OUTCOME_CHOICES = ['success', 'denied', 'failed'].map((outcome) => ({ id: outcome, name: `portal.audit.outcomes.${outcome}` }));

const filters = [
  <TextInput key="staff_username" source="staff_username" alwaysOn resettable />,
  <NumberInput key="patient_id" source="patient_id" alwaysOn min={1} step={1} />,
  <SelectInput key="outcome" source="outcome" choices={OUTCOME_CHOICES} alwaysOn emptyText="portal.audit.any_outcome" />,
  <DateTimeInput key="occurred_after" source="occurred_after" alwaysOn parse={toInstant} />,
  <DateTimeInput key="occurred_before" source="occurred_before" alwaysOn parse={toInstant} />,
  <TextInput key="action" source="action" helperText="portal.audit.action_help" />,
  <TextInput key="resource" source="resource" helperText="portal.audit.resource_help" />,
];

const PatientCell = () => {
  const record = useRecordContext();
  if (!record?.patient_id) return null;
  return (
    <>
      {record.patient_name ?? `#${record.patient_id}`}
      {record.patient_mrn ? <span style={{ opacity: 0.7 }}> · {record.patient_mrn}</span> : null}
    </>
  );
};

const AuditListActions = () => (
  <TopToolbar>
    <FilterButton />
    <CanAccess action="export" resource="audit-events">
      <ExportCsvButton resource="audit-events" doneMessage="portal.audit.exported" />
    </CanAccess>
  </TopToolbar>
);

/** The audit trail, newest first, filtered by who, which patient, what, outcome and when. */
export const AuditEventList = () => (
  <List filters={filters} actions={<AuditListActions />} exporter={false} sort={{ field: 'occurred_at', order: 'DESC' }} perPage={25}>
    <TotalAtLeastNotice hint="portal.audit.refine" />
    <DataTable rowClick="show" bulkActionButtons={false} rowSx={unsuccessfulRowSx}>
      <DataTable.Col source="occurred_at" field={DateTimeField} sortByOrder="DESC" />
      <DataTable.Col source="staff_username" label="portal.audit.staff" disableSort>
        <StaffMember />
      </DataTable.Col>
      <DataTable.Col source="action" disableSort>
        <AccessDescription />
      </DataTable.Col>
      <DataTable.Col source="patient_name" disableSort>
        <PatientCell />
      </DataTable.Col>
      <DataTable.Col source="outcome" disableSort>
        <OutcomeChip />
      </DataTable.Col>
      <DataTable.Col source="client_address" disableSort>
        <TextField source="client_address" />
      </DataTable.Col>
    </DataTable>
  </List>
);
