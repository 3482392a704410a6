import Chip from '@mui/material/Chip';
import EditNoteIcon from '@mui/icons-material/EditNote';
import { DataTable, useRecordContext, useTranslate } from 'react-admin';
import { FIELD_LABELS, type DemographicChangeRequest } from '@portaldesk/admin-api/contract';
import { CellSecondLine, DueQueueEmpty, DueQueueList, RowShowLink } from '../../components/DueQueue.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { DemographicChangeRequestSearchForm, isDefaultFilter, WAITING } from './DemographicChangeRequestSearchForm.tsx';
import { RESOURCE } from './review.ts';
import { addMessages } from '../../i18n.ts';
import { demographicChangeMessages } from './messages.ts';

addMessages(demographicChangeMessages);

/** The patient by name and MRN; a link to the request, so keyboard users can Tab to a row and press Enter. */
const PatientCell = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <RowShowLink resource={RESOURCE} id={record.id}>
      {translate('portal.demographic_changes.patient', { name: record.patient_name, mrn: record.patient_mrn })}
    </RowShowLink>
  );
};

/** The fields the patient asks to change, by the names the review page gives them. */
const FieldsCell = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  return record ? <>{record.fields.map((field) => FIELD_LABELS[field]).join(', ')}</> : null;
};

const ReceivedCell = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  const timeZone = useOrganizationTimeZone();
  return record ? <>{formatDateTime(record.received_at, timeZone)}</> : null;
};

/** When the request is due, in the organization's zone; an overdue one says so in words, not colour alone. */
const DueCell = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  return (
    <>
      {formatDateTime(record.due_at, timeZone)}
      {record.overdue ? <Chip size="small" color="error" label={translate('portal.demographic_changes.overdue')} sx={{ ml: 1 }} /> : null}
    </>
  );
};

/** Waiting, or reviewed with who did it. */
const StatusCell = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      {translate(`portal.demographic_changes.status.${record.status}`)}
      {record.reviewed_by_name ? <CellSecondLine>{record.reviewed_by_name}</CellSecondLine> : null}
    </>
  );
};

/**
 * Release of Information's queue of the demographic changes patients ask for: those waiting, the
 * one due soonest first; overdue rows are marked in words and colour.
 */
export const DemographicChangeRequestList = () => (
  <DueQueueList
    filters={<DemographicChangeRequestSearchForm />}
    defaultFilter={WAITING}
    empty={<DueQueueEmpty icon={<EditNoteIcon />} messages="portal.demographic_changes" isDefaultFilter={isDefaultFilter} />}
  >
    <DataTable.Col source="patient_name" disableSort>
      <PatientCell />
    </DataTable.Col>
    <DataTable.Col source="fields" disableSort>
      <FieldsCell />
    </DataTable.Col>
    <DataTable.Col source="received_at">
      <ReceivedCell />
    </DataTable.Col>
    <DataTable.Col source="due_at">
      <DueCell />
    </DataTable.Col>
    <DataTable.Col source="status" disableSort>
      <StatusCell />
    </DataTable.Col>
  </DueQueueList>
);
