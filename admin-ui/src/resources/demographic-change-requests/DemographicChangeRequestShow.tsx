import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import { Link, Show, useCanAccess, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import type { DemographicChangeRequest, DemographicChangeRequestCase } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateOnly, formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { ChangeReview } from './ChangeReview.tsx';
import { RESOURCE } from './review.ts';
import { addMessages } from '../../i18n.ts';
import { demographicChangeMessages } from './messages.ts';

addMessages(demographicChangeMessages);

const Title = () => {
  const record = useRecordContext<DemographicChangeRequest>();
  const translate = useTranslate();
  return <>{record ? translate('portal.demographic_changes.title', { name: record.patient_name, mrn: record.patient_mrn }) : ''}</>;
};

/** Who asked (the patient on file and their portal username), when it arrived, when it is due and where it stands. */
const Facts = ({ record }: { record: DemographicChangeRequestCase }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const createPath = useCreatePath();
  const { canAccess: canOpenPatient } = useCanAccess({ action: 'show', resource: 'patients' });
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent sx={{ '& > section:last-of-type': { mb: 0 } }}>
        <DetailSection title="portal.demographic_changes.patient_title">
          <Detail label="portal.demographic_changes.name">{record.patient_name}</Detail>
          <Detail label="portal.demographic_changes.mrn">
            {canOpenPatient ? (
              // The MRN is the link's visible text and so its name; the title says where it goes.
              <Link
                to={createPath({ resource: 'patients', type: 'show', id: record.patient_id })}
                title={translate('portal.demographic_changes.open_patient', { mrn: record.patient_mrn })}
              >
                {record.patient_mrn}
              </Link>
            ) : (
              record.patient_mrn
            )}
          </Detail>
          <Detail label="portal.demographic_changes.date_of_birth">{formatDateOnly(record.patient_date_of_birth)}</Detail>
          <Detail label="portal.demographic_changes.portal_username">{record.portal_username}</Detail>
        </DetailSection>
        <DetailSection title="portal.demographic_changes.request_title">
          <Detail label="resources.demographic-change-requests.fields.received_at">{formatDateTime(record.received_at, timeZone)}</Detail>
          <Detail label="resources.demographic-change-requests.fields.due_at">
            {formatDateTime(record.due_at, timeZone)}
            {record.overdue ? <Chip size="small" color="error" label={translate('portal.demographic_changes.overdue')} sx={{ ml: 1 }} /> : null}
          </Detail>
          <Detail label="resources.demographic-change-requests.fields.status">
            {record.status === 'reviewed' && record.reviewed_at
              ? translate('portal.demographic_changes.reviewed_by', {
                  when: formatDateTime(record.reviewed_at, timeZone),
                  name: record.reviewed_by_name ?? translate('portal.demographic_changes.someone'),
                })
              : translate(`portal.demographic_changes.status.${record.status}`)}
          </Detail>
        </DetailSection>
      </CardContent>
    </Card>
  );
};

/**
 * True for the request as its own page reads it. Coming from the queue, react-admin first shows
 * the queue's row (which has no field values) while it reads the request itself.
 */
const isCase = (record: DemographicChangeRequest | DemographicChangeRequestCase): record is DemographicChangeRequestCase => 'requested_fields' in record;

/** The page's parts, once the request and what the reader may do with it are known. */
const CasePage = () => {
  const record = useRecordContext<DemographicChangeRequest | DemographicChangeRequestCase>();
  const { canAccess, isPending } = useCanAccess({ action: 'edit', resource: RESOURCE });
  if (!record || !isCase(record) || isPending) return null;
  return (
    <Box sx={{ maxWidth: 1100 }}>
      <Facts record={record} />
      <ChangeReview record={record} canReview={canAccess === true} />
    </Box>
  );
};

/**
 * One demographic change request as Release of Information reviews it: the patient, then each
 * requested field as it is now and as asked, each accepted or rejected with a reason the patient
 * reads. The privacy office reads the same page without the controls.
 */
export const DemographicChangeRequestShow = () => (
  <Show title={<Title />} actions={false} component="div">
    <CasePage />
  </Show>
);
