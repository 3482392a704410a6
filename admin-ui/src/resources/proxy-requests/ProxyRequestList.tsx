import type { MouseEvent } from 'react';
import Box from '@mui/material/Box';
import FamilyRestroomIcon from '@mui/icons-material/FamilyRestroom';
import { DataTable, Link, List, useCreatePath, useListContext, useRecordContext, useTranslate } from 'react-admin';
import type { ProxyRequest } from '@portaldesk/admin-api/contract';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ProxyDueField } from './ProxyDueField.tsx';
import { isDefaultFilter, OPEN_REQUESTS, ProxyRequestSearchForm } from './ProxyRequestSearchForm.tsx';
import { relationshipAndKind } from './proxyWords.ts';

/** An overdue row: a pale red band with a red edge, beside the "Overdue" chip that says it in words. */
const OVERDUE_ROW = { bgcolor: '#fdf0ef', boxShadow: 'inset 4px 0 0 #c62828' };

const stopPropagation = (event: MouseEvent) => event.stopPropagation();

/**
 * The patient as the requester named them, with the MRN of the patient on file when one matched;
 * a link to the request, so keyboard users can Tab to a row and press Enter.
 */
const PatientCell = () => {
  const record = useRecordContext<ProxyRequest>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!record) return null;
  return (
    <Link to={createPath({ resource: 'proxy-requests', id: record.id, type: 'show' })} onClick={stopPropagation}>
      {record.patient_mrn ? translate('portal.proxy.matched_patient', { name: record.patient_name, mrn: record.patient_mrn }) : record.patient_name}
    </Link>
  );
};

const RequesterCell = () => {
  const record = useRecordContext<ProxyRequest>();
  if (!record) return null;
  return (
    <>
      {record.requester_name}
      <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: '0.8125rem' }}>
        {record.requester_username}
      </Box>
    </>
  );
};

const RelationshipCell = () => {
  const record = useRecordContext<ProxyRequest>();
  const translate = useTranslate();
  return record ? <>{relationshipAndKind(translate, record)}</> : null;
};

const StatusCell = () => {
  const record = useRecordContext<ProxyRequest>();
  const translate = useTranslate();
  return record ? <>{translate(`portal.proxy.status.${record.status}`)}</> : null;
};

const AssigneeCell = () => {
  const record = useRecordContext<ProxyRequest>();
  const translate = useTranslate();
  return record ? <>{record.assignee_name ?? translate('portal.proxy.unassigned')}</> : null;
};

/** Nothing waiting (the default view), or nothing for the filter chosen. */
const Empty = () => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const waiting = isDefaultFilter(filterValues);
  return (
    <EmptyState icon={<FamilyRestroomIcon />} title={translate(waiting ? 'portal.proxy.empty' : 'portal.proxy.empty_filtered')}>
      {translate(waiting ? 'portal.proxy.empty_help' : 'portal.proxy.empty_filtered_help')}
    </EmptyState>
  );
};

/**
 * Release of Information's queue of proxy requests: open ones, the one due soonest first (those
 * waiting on the requester last, their clock paused); overdue rows are marked in words and colour.
 */
export const ProxyRequestList = () => (
  <List
    filters={<ProxyRequestSearchForm />}
    filterDefaultValues={OPEN_REQUESTS}
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
      <DataTable.Col source="requester_name" disableSort>
        <RequesterCell />
      </DataTable.Col>
      <DataTable.Col source="relationship" disableSort>
        <RelationshipCell />
      </DataTable.Col>
      <DataTable.Col source="status" disableSort>
        <StatusCell />
      </DataTable.Col>
      <DataTable.Col source="due_at">
        <ProxyDueField />
      </DataTable.Col>
      <DataTable.NumberCol source="documents" disableSort />
      <DataTable.Col source="assignee_name" disableSort>
        <AssigneeCell />
      </DataTable.Col>
    </DataTable>
  </List>
);
