import FamilyRestroomIcon from '@mui/icons-material/FamilyRestroom';
import { DataTable, useRecordContext, useTranslate } from 'react-admin';
import type { ProxyRequest } from '@portaldesk/admin-api/contract';
import { CellSecondLine, DueQueueEmpty, DueQueueList, RowShowLink } from '../../components/DueQueue.tsx';
import { ProxyDueField } from './ProxyDueField.tsx';
import { isDefaultFilter, OPEN_REQUESTS, ProxyRequestSearchForm } from './ProxyRequestSearchForm.tsx';
import { relationshipAndKind } from './proxyWords.ts';

/**
 * The patient as the requester named them, with the MRN of the patient on file when one matched;
 * a link to the request, so keyboard users can Tab to a row and press Enter.
 */
const PatientCell = () => {
  const record = useRecordContext<ProxyRequest>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <RowShowLink resource="proxy-requests" id={record.id}>
      {record.patient_mrn ? translate('portal.proxy.matched_patient', { name: record.patient_name, mrn: record.patient_mrn }) : record.patient_name}
    </RowShowLink>
  );
};

const RequesterCell = () => {
  const record = useRecordContext<ProxyRequest>();
  if (!record) return null;
  return (
    <>
      {record.requester_name}
      <CellSecondLine>{record.requester_username}</CellSecondLine>
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

/**
 * Release of Information's queue of proxy requests: open ones, the one due soonest first (those
 * waiting on the requester last, their clock paused); overdue rows are marked in words and colour.
 */
export const ProxyRequestList = () => (
  <DueQueueList
    filters={<ProxyRequestSearchForm />}
    defaultFilter={OPEN_REQUESTS}
    empty={<DueQueueEmpty icon={<FamilyRestroomIcon />} messages="portal.proxy" isDefaultFilter={isDefaultFilter} />}
  >
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
  </DueQueueList>
);
