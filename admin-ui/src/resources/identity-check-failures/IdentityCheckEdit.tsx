import Typography from '@mui/material/Typography';
import { Edit, Labeled, SimpleForm, TextField, TextInput, Toolbar, SaveButton, useRecordContext, useTranslate, Link, useCreatePath } from 'react-admin';
import type { IdentityCheckCase as CaseRecord } from '@portaldesk/admin-api/contract';
import { DateOnlyField, DateTimeField } from '../../components/dates.tsx';
import { DueField } from './DueField.tsx';

/** Only what the API's PUT reads: what was done, and the version that was read. */
const toUpdateBody = ({ version, resolution }: CaseRecord) => ({ version, resolution });

const MatchedPatient = () => {
  const record = useRecordContext<CaseRecord & { patient_mrn: string | null }>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!record) return null;
  if (!record.patient_id) return <Typography>{translate('portal.identity.no_match')}</Typography>;
  return (
    <Link to={createPath({ resource: 'patients', type: 'show', id: record.patient_id })}>
      {translate('portal.identity.open_patient', { mrn: record.patient_mrn })}
    </Link>
  );
};

const ResolveToolbar = () => {
  const record = useRecordContext<CaseRecord>();
  return <Toolbar>{record?.status === 'open' ? <SaveButton label="portal.identity.resolve" /> : null}</Toolbar>;
};

/**
 * One failed identity check: what the person entered, the patient it matches (whose page has the
 * account panel), and the resolution support records when done.
 */
export const IdentityCheckEdit = () => (
  <Edit mutationMode="pessimistic" transform={toUpdateBody} redirect="list">
    <SimpleForm toolbar={<ResolveToolbar />}>
      <Labeled source="reported_at">
        <DateTimeField source="reported_at" />
      </Labeled>
      <Labeled source="due_at">
        <DueField />
      </Labeled>
      <Labeled source="family_name">
        <TextField source="family_name" />
      </Labeled>
      <Labeled source="given_name">
        <TextField source="given_name" />
      </Labeled>
      <Labeled source="date_of_birth">
        <DateOnlyField source="date_of_birth" />
      </Labeled>
      <Labeled source="email">
        <TextField source="email" emptyText="—" />
      </Labeled>
      <Labeled source="phone">
        <TextField source="phone" emptyText="—" />
      </Labeled>
      <Labeled source="reason">
        <TextField source="reason" />
      </Labeled>
      <Labeled source="patient_mrn">
        <MatchedPatient />
      </Labeled>
      <TextInput source="resolution" multiline minRows={3} fullWidth helperText="portal.identity.resolution_help" />
    </SimpleForm>
  </Edit>
);
