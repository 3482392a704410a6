import type { MouseEvent } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import EditNoteIcon from '@mui/icons-material/EditNote';
import { DataTable, Link, List, useCreatePath, useListContext, useRecordContext, useTranslate } from 'react-admin';
import { FIELD_LABELS, type DemographicChangeRequest } from '@portaldesk/admin-api/contract';
import { EmptyState } from '../../components/EmptyState.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { DemographicChangeRequestSearchForm, isDefaultFilter, WAITING } from './DemographicChangeRequestSearchForm.tsx';
import { RESOURCE } from './review.ts';
import { addMessages } from '../../i18n.ts';
import { demographicChangeMessages } from './messages.ts';

addMessages(demographicChangeMessages);

/** An overdue row: a pale red band with a red edge, beside the "Overdue" chip that says it in words. */
const OVERDUE_ROW = { bgcolor: '#fdf0ef', boxShadow: 'inset 4px 0 0 #c62828' };

const stopPropagation = (event: MouseEvent) => event.stopPropagation();

/** The patient by name and MRN; a link to the request, so keyboard users can Tab to a row and press Enter. */
const PatientCell = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!record) return null;
  return (
    <Link to={createPath({ resource: RESOURCE, id: record.id, type: 'show' })} onClick={stopPropagation}>
      {translate('portal.demographic_changes.patient', { name: record.patient_name, mrn: record.patient_mrn })}
    </Link>
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
      {record.reviewed_by_name ? (
        <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
          {record.reviewed_by_name}
        </Box>
      ) : null}
    </>
  );
};

/** Nothing waiting (the default view), or nothing for the filter chosen. */
const Empty = () => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const waiting = isDefaultFilter(filterValues);
  return (
    <EmptyState icon={<EditNoteIcon />} title={translate(waiting ? 'portal.demographic_changes.empty' : 'portal.demographic_changes.empty_filtered')}>
      {translate(waiting ? 'portal.demographic_changes.empty_help' : 'portal.demographic_changes.empty_filtered_help')}
    </EmptyState>
  );
};

/**
 * Release of Information's queue of the demographic changes patients ask for: those waiting, the
 * one due soonest first; overdue rows are marked in words and colour.
 */
export const DemographicChangeRequestList = () => (
  <List
    filters={<DemographicChangeRequestSearchForm />}
    filterDefaultValues={WAITING}
    sort={{ field: 'due_at', order: 'ASC' }}
    actions={false}
    exporter={false}
    perPage={25}
    // The table's own empty state, with the filters still there: react-admin's replaces the page.
    empty={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false} rowSx={(record) => (record.overdue ? OVERDUE_ROW : {})} empty={<Empty />}>
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
    </DataTable>
  </List>
);
