import { useId, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import VisibilityIcon from '@mui/icons-material/Visibility';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useCanAccess, useGetList, useRecordContext, useTranslate } from 'react-admin';
import type { PatientRecord, ProxyRelationship } from '@portaldesk/admin-api/contract';
import { useOrganizationTimeZone } from '../../components/dates.tsx';
import { dateInWords, todayIn } from '../../components/typed-date.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { RevokeDialog } from './RevokeDialog.tsx';
import { WhoCanSee, whoCanSeeKey } from './WhoCanSee.tsx';

const STATUS_COLOR: Record<ProxyRelationship['status'], 'success' | 'warning' | 'default'> = {
  live: 'success',
  not_visible: 'warning',
  ended: 'default',
};

/** A patient has a handful of relationships; the API pages at 100. */
const ALL = { page: 1, perPage: 100 };

/** One relationship: the other person (a link to their record), what they are, when, and what is seen today. */
const RelationshipItem = ({ relationship, onRevoke }: { relationship: ProxyRelationship; onRevoke?: () => void }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const theirSide = relationship.side === 'patient';
  // On the patient's side the other person is the proxy; on the proxy's side, the patient they see.
  const other = theirSide
    ? { id: relationship.proxy_patient_id, name: relationship.proxy_name }
    : { id: relationship.patient_id, name: relationship.patient_name };
  const facts = [
    translate(theirSide ? `portal.proxies.role.${relationship.relationship}` : `portal.proxies.acts_as.${relationship.relationship}`),
    translate(`portal.proxies.kind.${relationship.kind}`),
    translate(`portal.proxies.level.${relationship.access_level}`),
    translate('portal.proxies.since', { date: dateInWords(todayIn(timeZone, new Date(relationship.since))) }),
    relationship.ended_at
      ? translate('portal.proxies.ended_on', { date: dateInWords(todayIn(timeZone, new Date(relationship.ended_at))) })
      : relationship.until
        ? translate('portal.proxies.until', { date: dateInWords(relationship.until) })
        : translate('portal.proxies.no_end'),
  ];
  return (
    <Box component="li" sx={{ py: 1.5, '& + li': { borderTop: 1, borderColor: 'divider' } }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <Link to={`/patients/${other.id}/show`} sx={{ fontWeight: 600 }}>
          {other.name}
        </Link>
        {theirSide ? (
          <Typography component="span" variant="body2" color="text.secondary">
            {translate('portal.proxies.portal_user', { username: relationship.proxy_username })}
          </Typography>
        ) : null}
        <Chip size="small" color={STATUS_COLOR[relationship.status]} label={translate(`portal.proxies.status.${relationship.status}`)} />
        <Box sx={{ flex: 1 }} />
        {onRevoke ? (
          <MuiButton
            size="small"
            color="error"
            variant="outlined"
            onClick={onRevoke}
            aria-label={translate('portal.proxies.revoke_label', { proxy: relationship.proxy_name, patient: relationship.patient_name })}
          >
            {translate('portal.proxies.revoke')}
          </MuiButton>
        ) : null}
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {facts.join(' · ')}
      </Typography>
      <Typography sx={{ mt: 0.5 }}>{relationship.sees}</Typography>
    </Box>
  );
};

/** One side of the panel: the open relationships, then the ended ones folded away. */
const Side = ({
  title,
  empty,
  relationships,
  onRevoke,
}: {
  title: string;
  empty: string;
  relationships: ProxyRelationship[];
  onRevoke?: (relationship: ProxyRelationship) => void;
}) => {
  const translate = useTranslate();
  const headingId = useId();
  const endedId = useId();
  const [showEnded, setShowEnded] = useState(false);
  const open = relationships.filter((relationship) => relationship.status !== 'ended');
  const ended = relationships.filter((relationship) => relationship.status === 'ended');
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ mb: 2 }}>
      <Typography id={headingId} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {open.length ? (
        <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
          {open.map((relationship) => (
            <RelationshipItem key={relationship.id} relationship={relationship} onRevoke={onRevoke ? () => onRevoke(relationship) : undefined} />
          ))}
        </Box>
      ) : (
        <Typography color="text.secondary" sx={{ py: 1 }}>
          {empty}
        </Typography>
      )}
      {ended.length ? (
        <>
          <MuiButton
            size="small"
            aria-expanded={showEnded}
            aria-controls={endedId}
            startIcon={showEnded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            onClick={() => setShowEnded((shown) => !shown)}
          >
            {translate('portal.proxies.ended', { smart_count: ended.length })}
          </MuiButton>
          <Collapse in={showEnded} id={endedId}>
            <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
              {ended.map((relationship) => (
                <RelationshipItem key={relationship.id} relationship={relationship} />
              ))}
            </Box>
          </Collapse>
        </>
      ) : null}
    </Box>
  );
};

/**
 * A patient's proxies: who can see this patient's record and whose records this patient can see,
 * each with what is seen today and why; "who sees what, and why" one click away; Release of
 * Information revokes with a reason.
 */
export const ProxiesPanel = () => {
  const record = useRecordContext<PatientRecord>();
  const translate = useTranslate();
  const queryClient = useQueryClient();
  const [explaining, setExplaining] = useState(false);
  const [revoking, setRevoking] = useState<ProxyRelationship | null>(null);
  const { canAccess: canRevoke } = useCanAccess({ action: 'revoke', resource: 'proxy-relationships' });
  const { data, error, isPending, refetch } = useGetList<ProxyRelationship>(
    'proxy-relationships',
    { filter: { patient_id: record?.id }, pagination: ALL, sort: { field: 'id', order: 'DESC' } },
    { enabled: record !== undefined },
  );
  if (!record) return null;
  const relationships = data ?? [];

  const reload = async () => {
    setRevoking(null);
    await Promise.all([refetch(), queryClient.invalidateQueries({ queryKey: whoCanSeeKey(record.id) })]);
  };

  return (
    <Card component="section" aria-labelledby="proxies-title" sx={{ mt: 2 }}>
      <CardContent>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1, mb: 2 }}>
          <Typography id="proxies-title" variant="h6" component="h2" sx={{ flex: 1 }}>
            {translate('portal.proxies.title')}
          </Typography>
          <MuiButton
            variant={explaining ? 'outlined' : 'contained'}
            startIcon={<VisibilityIcon />}
            aria-expanded={explaining}
            aria-controls="who-can-see"
            onClick={() => setExplaining((shown) => !shown)}
          >
            {translate(explaining ? 'portal.proxies.who_sees_hide' : 'portal.proxies.who_sees')}
          </MuiButton>
        </Stack>
        <Box id="who-can-see">{explaining ? <WhoCanSee patientId={record.id} /> : null}</Box>
        {isPending ? <Typography color="text.secondary">{translate('ra.page.loading')}</Typography> : null}
        {error ? (
          <Alert severity="error">{apiErrorBody(error)?.message ?? (error instanceof Error ? error.message : translate('ra.notification.http_error'))}</Alert>
        ) : null}
        {data ? (
          <>
            <Side
              title={translate('portal.proxies.patient_side')}
              empty={translate('portal.proxies.patient_side_empty')}
              relationships={relationships.filter((relationship) => relationship.side === 'patient')}
              onRevoke={canRevoke ? setRevoking : undefined}
            />
            <Side
              title={translate('portal.proxies.proxy_side')}
              empty={translate('portal.proxies.proxy_side_empty')}
              relationships={relationships.filter((relationship) => relationship.side === 'proxy')}
              onRevoke={canRevoke ? setRevoking : undefined}
            />
          </>
        ) : null}
      </CardContent>
      {revoking ? <RevokeDialog relationship={revoking} onClose={() => setRevoking(null)} onRevoked={reload} onReload={reload} /> : null}
    </Card>
  );
};
