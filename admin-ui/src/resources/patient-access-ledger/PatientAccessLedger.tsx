import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import HistoryIcon from '@mui/icons-material/History';
import { DataTable, Pagination, ReferenceManyField, useTranslate } from 'react-admin';
import { AccessDescription, StaffMember } from '../../components/AccessDescription.tsx';
import { DateTimeField } from '../../components/dates.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { OutcomeChip, unsuccessfulRowSx } from '../../components/OutcomeChip.tsx';
import { RoleChips } from '../../components/RoleChips.tsx';
import { TotalAtLeastNotice } from '../../components/TotalAtLeastNotice.tsx';

/**
 * Who looked at or changed the current patient's record, newest first. Rendered inside the
 * patient's show page; reading it is itself recorded by the API.
 */
export const PatientAccessLedger = () => {
  const translate = useTranslate();
  return (
    <Card component="section" aria-labelledby="access-ledger-title" sx={{ mt: 2 }}>
      <CardContent sx={{ pb: 0 }}>
        <Typography id="access-ledger-title" variant="h6" component="h2">
          {translate('portal.ledger.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('portal.ledger.intro')}
        </Typography>
      </CardContent>
      <ReferenceManyField
        reference="patient-access-ledger"
        target="patient_id"
        sort={{ field: 'occurred_at', order: 'DESC' }}
        perPage={10}
        pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
      >
        <TotalAtLeastNotice hint="portal.ledger.refine" />
        <DataTable
          bulkActionButtons={false}
          rowClick={false}
          rowSx={unsuccessfulRowSx}
          empty={<EmptyState icon={<HistoryIcon />} title={translate('portal.ledger.empty')} />}
        >
          <DataTable.Col source="occurred_at" field={DateTimeField} />
          <DataTable.Col source="staff_username" disableSort>
            <StaffMember />
          </DataTable.Col>
          <DataTable.Col source="roles" disableSort>
            <RoleChips />
          </DataTable.Col>
          <DataTable.Col source="action" disableSort>
            <AccessDescription inLedger />
          </DataTable.Col>
          <DataTable.Col source="outcome" disableSort>
            <OutcomeChip />
          </DataTable.Col>
          <DataTable.Col source="client_address" disableSort />
        </DataTable>
      </ReferenceManyField>
    </Card>
  );
};
