import Box from '@mui/material/Box';
import { Labeled, Link, Show, SimpleShowLayout, TextField, useCanAccess, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import { AccessDescription, StaffMember } from '../../components/AccessDescription.tsx';
import { DateTimeField } from '../../components/dates.tsx';
import { OutcomeChip } from '../../components/OutcomeChip.tsx';
import { RoleChips } from '../../components/RoleChips.tsx';

const AuditEventTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  return <>{record ? translate('portal.audit.title', { id: record.id }) : ''}</>;
};

/** The patient's name, linked to their record when the reader may open it. */
const PatientLink = () => {
  const record = useRecordContext();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ resource: 'patients', action: 'show' });
  if (!record?.patient_id) return <>—</>;
  const label = [record.patient_name, record.patient_mrn ? `MRN ${record.patient_mrn}` : null].filter(Boolean).join(' · ') || '—';
  if (!canAccess) return <>{label}</>;
  return <Link to={createPath({ resource: 'patients', id: record.patient_id, type: 'show' })}>{label}</Link>;
};

/**
 * What the action was on, when it has a name of its own (a setting's key, a job queue). A bare
 * number is a database id, which staff never need: the sentence and the patient name the record.
 */
const ResourceKey = () => {
  const record = useRecordContext();
  const key = record?.resource_id;
  return <>{typeof key === 'string' && key && !/^\d+$/.test(key) ? key : '—'}</>;
};

const Details = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record?.details) return <>{translate('portal.audit.no_details')}</>;
  return (
    <Box component="pre" sx={{ m: 0, p: 1.5, bgcolor: 'action.hover', borderRadius: 1, fontSize: 13, overflowX: 'auto', whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(record.details, null, 2)}
    </Box>
  );
};

/** One audit event with every field, the details pretty-printed. */
export const AuditEventShow = () => (
  <Show title={<AuditEventTitle />} actions={false}>
    <SimpleShowLayout>
      <DateTimeField source="occurred_at" />
      <Labeled source="action">
        <AccessDescription />
      </Labeled>
      <TextField source="action" label="portal.audit.raw_action" />
      <TextField source="resource" />
      <Labeled source="resource_id">
        <ResourceKey />
      </Labeled>
      <Labeled source="outcome">
        <OutcomeChip />
      </Labeled>
      <Labeled source="staff_username" label="portal.audit.staff">
        <StaffMember />
      </Labeled>
      <Labeled source="roles">
        <RoleChips />
      </Labeled>
      <Labeled source="patient_name">
        <PatientLink />
      </Labeled>
      <TextField source="client_address" emptyText="—" />
      <TextField source="request_id" emptyText="—" />
      <Labeled source="details">
        <Details />
      </Labeled>
    </SimpleShowLayout>
  </Show>
);
