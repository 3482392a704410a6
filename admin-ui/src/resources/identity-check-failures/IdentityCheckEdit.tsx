import Typography from '@mui/material/Typography';
import NavigateNextIcon from '@mui/icons-material/NavigateNext';
import { Button, Edit, SaveButton, SimpleForm, TextInput, Toolbar, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import type { IdentityCheckCaseDetail as CaseRecord, ResolveIdentityCheckRequest } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { DueField } from './DueField.tsx';
import { IdentityComparison } from './IdentityComparison.tsx';

const RESOURCE = 'identity-check-failures';

/** Only what the API's PUT reads: what was done, and the version that was read. */
const toResolveBody = ({ version, resolution }: CaseRecord): ResolveIdentityCheckRequest => ({ version, resolution: resolution ?? '' });

/** Long resolutions are cut in the notice; the case keeps them whole. */
const quoted = (text: string | null) => (text && text.length > 80 ? `${text.slice(0, 79)}…` : (text ?? ''));

/** Resolve (open cases), and the next open case of the queue without resolving this one. */
const CaseToolbar = () => {
  const record = useRecordContext<CaseRecord>();
  const redirect = useRedirect();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      {record?.status === 'open' ? <SaveButton label="portal.identity.resolve" /> : <span />}
      {record?.next_open_id ? (
        <Button label="portal.identity.next_case" onClick={() => redirect('edit', RESOURCE, record.next_open_id!)}>
          <NavigateNextIcon />
        </Button>
      ) : null}
    </Toolbar>
  );
};

/** When, why and how urgent, then who resolved it and how once done. */
const CaseFacts = () => {
  const record = useRecordContext<CaseRecord>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  return (
    <DetailSection title="portal.identity.case_title">
      <Detail label="resources.identity-check-failures.fields.reported_at">{formatDateTime(record.reported_at, timeZone)}</Detail>
      <Detail label="resources.identity-check-failures.fields.due_at">
        <DueField />
      </Detail>
      <Detail label="resources.identity-check-failures.fields.reason">{record.reason}</Detail>
      <Detail label="resources.identity-check-failures.fields.status">
        {record.status === 'resolved' && record.resolved_at
          ? translate('portal.identity.resolved_by', {
              when: formatDateTime(record.resolved_at, timeZone),
              name: record.resolved_by_name ?? translate('portal.account.someone'),
            })
          : translate(`portal.identity.status.${record.status}`)}
      </Detail>
    </DetailSection>
  );
};

const Comparison = () => {
  const record = useRecordContext<CaseRecord>();
  return record ? <IdentityComparison record={record} /> : null;
};

/** What support does about the case: typed while open, read once resolved. */
const Resolution = () => {
  const record = useRecordContext<CaseRecord>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.status === 'open') return <TextInput source="resolution" multiline minRows={3} fullWidth helperText="portal.identity.resolution_help" />;
  return (
    <DetailSection title="resources.identity-check-failures.fields.resolution" prose>
      <Typography sx={{ whiteSpace: 'pre-wrap' }}>{record.resolution ?? translate('portal.identity.no_resolution')}</Typography>
    </DetailSection>
  );
};

/**
 * One failed identity check: what the person reported in the portal beside the matched
 * patient's chart, field by field, and the resolution. Resolving keeps the place in the queue:
 * the next open case opens, or this one stays when none is left, with a notice of what was saved.
 */
export const IdentityCheckEdit = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const onResolved = (resolved: CaseRecord) => {
    const name = `${resolved.given_name} ${resolved.family_name}`;
    notify(resolved.next_open_id ? 'portal.identity.resolved_next' : 'portal.identity.resolved_last', {
      type: 'success',
      messageArgs: { name, resolution: quoted(resolved.resolution) },
    });
    if (resolved.next_open_id) redirect('edit', RESOURCE, resolved.next_open_id);
  };
  return (
    <Edit mutationMode="pessimistic" transform={toResolveBody} mutationOptions={{ onSuccess: onResolved }}>
      <SimpleForm toolbar={<CaseToolbar />}>
        <CaseFacts />
        <Comparison />
        <Resolution />
      </SimpleForm>
    </Edit>
  );
};
