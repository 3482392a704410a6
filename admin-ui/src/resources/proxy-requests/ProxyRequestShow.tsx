import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Show, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import type { ProxyRequest, ProxyRequestCase } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { ProxyDecision, TakeButton } from './ProxyDecision.tsx';
import { ProxyDocuments } from './ProxyDocuments.tsx';
import { ProxyDueField } from './ProxyDueField.tsx';
import { ProxyPeople } from './ProxyPeople.tsx';
import { isOpen, relationshipAndKind } from './proxyWords.ts';

const ProxyRequestTitle = () => {
  const record = useRecordContext<ProxyRequestCase>();
  const translate = useTranslate();
  return <>{record ? translate('portal.proxy.title', { requester: record.requester_name, patient: record.patient_name }) : ''}</>;
};

/** What was asked, when it arrived, when it is due and who works it. */
const Facts = ({ record, canDecide }: { record: ProxyRequestCase; canDecide: boolean }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent sx={{ '& > section': { mb: 0 } }}>
        <DetailSection title="portal.proxy.facts_title">
          <Detail label="resources.proxy-requests.fields.status">{translate(`portal.proxy.status.${record.status}`)}</Detail>
          <Detail label="resources.proxy-requests.fields.relationship">{relationshipAndKind(translate, record)}</Detail>
          <Detail label="resources.proxy-requests.fields.submitted_at">{formatDateTime(record.submitted_at, timeZone)}</Detail>
          {isOpen(record.status) ? (
            <Detail label="resources.proxy-requests.fields.due_at">
              <ProxyDueField />
            </Detail>
          ) : null}
          <Detail label="portal.proxy.assignee">
            <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', flexWrap: 'wrap', gap: 0.5 }}>
              {record.assignee_name ?? translate('portal.proxy.unassigned')}
              {canDecide && isOpen(record.status) && record.assignee_id === null ? <TakeButton record={record} /> : null}
            </Box>
          </Detail>
        </DetailSection>
      </CardContent>
    </Card>
  );
};

const Note = ({ note }: { note: string | null }) => {
  const translate = useTranslate();
  return (
    <Card component="section" aria-labelledby="proxy-note-title" sx={{ mb: 2 }}>
      <CardContent>
        <Typography id="proxy-note-title" variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
          {translate('portal.proxy.note_title')}
        </Typography>
        {note ? (
          <Typography component="blockquote" sx={{ m: 0, pl: 2, borderLeft: 3, borderColor: 'divider', whiteSpace: 'pre-wrap' }}>
            {note}
          </Typography>
        ) : (
          <Typography color="text.secondary">{translate('portal.proxy.no_note')}</Typography>
        )}
      </CardContent>
    </Card>
  );
};

/**
 * True for the request as its own page reads it. Coming from the queue, react-admin first shows
 * the queue's row (which has no people or documents) while it reads the request itself.
 */
const isCase = (record: ProxyRequest | ProxyRequestCase): record is ProxyRequestCase => 'document_list' in record;

/** The page's parts, once the request and what the reader may do with it are known. */
const ProxyRequestCasePage = () => {
  const record = useRecordContext<ProxyRequest | ProxyRequestCase>();
  const { canAccess, isPending } = useCanAccess({ action: 'edit', resource: 'proxy-requests' });
  if (!record || !isCase(record) || isPending) return null;
  const canDecide = canAccess === true;
  return (
    <>
      <Facts record={record} canDecide={canDecide} />
      <ProxyPeople record={record} />
      <Note note={record.note} />
      {/* On wide screens the checklist and the decision sit beside the document they are about. */}
      <Box sx={{ display: 'grid', gap: 2, alignItems: 'start', gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(360px, 2fr)' } }}>
        <ProxyDocuments documents={record.document_list} />
        <Box>
          <ProxyDecision record={record} canDecide={canDecide} />
        </Box>
      </Box>
    </>
  );
};

/**
 * One proxy request as Release of Information works it: the requester beside the patient (as
 * named and as on file), the requester's note, the documents in a viewer, the checklist and the
 * decision. The privacy office reads the same page without the controls.
 */
export const ProxyRequestShow = () => (
  <Show title={<ProxyRequestTitle />} actions={false} component="div">
    <ProxyRequestCasePage />
  </Show>
);
