import { CanAccess, DataTable, List, TextField, TopToolbar } from 'react-admin';
import { AccessDescription, StaffMember } from '../../components/AccessDescription.tsx';
import { ExportCsvButton } from '../../components/ExportCsvButton.tsx';
import { DateTimeField } from '../../components/dates.tsx';
import { OutcomeChip, unsuccessfulRowSx } from '../../components/OutcomeChip.tsx';
import { TotalAtLeastNotice } from '../../components/TotalAtLeastNotice.tsx';
import { AuditSearchForm } from './AuditSearchForm.tsx';

const AuditListActions = () => (
  <TopToolbar>
    <CanAccess action="export" resource="audit-events">
      <ExportCsvButton resource="audit-events" doneMessage="portal.audit.exported" />
    </CanAccess>
  </TopToolbar>
);

/** The audit trail, newest first, each row a sentence naming the patient; filtered by who, which patient, what, outcome and when. */
export const AuditEventList = () => (
  <List filters={<AuditSearchForm />} actions={<AuditListActions />} exporter={false} sort={{ field: 'occurred_at', order: 'DESC' }} perPage={25}>
    <TotalAtLeastNotice hint="portal.audit.refine" />
    <DataTable rowClick="show" bulkActionButtons={false} rowSx={unsuccessfulRowSx}>
      <DataTable.Col source="occurred_at" field={DateTimeField} sortByOrder="DESC" />
      <DataTable.Col source="staff_username" label="portal.audit.staff" disableSort>
        <StaffMember />
      </DataTable.Col>
      {/* One sentence says what was done and to which patient, as the CSV export's what_happened column does. */}
      <DataTable.Col source="action" disableSort>
        <AccessDescription />
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
