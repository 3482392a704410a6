import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import CakeIcon from '@mui/icons-material/Cake';
import PrintIcon from '@mui/icons-material/Print';
import { useQuery } from '@tanstack/react-query';
import { Link, Title, useDataProvider, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import type { ProxyAgeChange } from '@portaldesk/admin-api/contract';
import { EmptyState } from '../../components/EmptyState.tsx';
import { dateInWords } from '../../components/typed-date.ts';
import type { PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { PAGE_PRINT_STYLES } from './printing.tsx';

/** How far ahead the worklist looks; 30 days is DOMAIN's worklist. */
const PERIODS = [7, 30, 60] as const;
const DEFAULT_DAYS = 30;

const periodOf = (value: string | null) => PERIODS.find((days) => String(days) === value) ?? DEFAULT_DAYS;

const ChangeRow = ({ change }: { change: ProxyAgeChange }) => {
  const translate = useTranslate();
  return (
    <TableRow sx={{ verticalAlign: 'top' }}>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{dateInWords(change.on)}</TableCell>
      <TableCell>
        <Link to={`/patients/${change.id}/show`} sx={{ fontWeight: 600 }}>
          {change.patient_name}
        </Link>
        <Typography variant="body2" color="text.secondary">
          {translate('portal.age_changes.mrn', { mrn: change.patient_mrn })}
        </Typography>
      </TableCell>
      <TableCell>{change.turns}</TableCell>
      <TableCell>{translate(`portal.age_changes.change.${change.change}`)}</TableCell>
      <TableCell>
        <Box component="ul" sx={{ m: 0, p: 0, listStyle: 'none' }}>
          {change.proxies.map((proxy) => (
            <Box component="li" key={proxy.relationship_id} sx={{ '& + li': { mt: 1 } }}>
              <Typography component="span" sx={{ fontWeight: 600, display: 'block' }}>
                {translate('portal.age_changes.proxy', {
                  name: proxy.proxy_name,
                  relationship: translate(`portal.age_changes.relationship.${proxy.relationship}`, { _: proxy.relationship }),
                })}
              </Typography>
              <Typography component="span" variant="body2" sx={{ display: 'block' }}>
                {proxy.from_then}
              </Typography>
            </Box>
          ))}
        </Box>
      </TableCell>
    </TableRow>
  );
};

/**
 * The birthday worklist: patients whose proxies' access changes with a coming birthday (turning
 * the teen age, or coming of age), soonest first, with what each proxy sees from that day.
 * Printable: the table alone on paper, without the console around it.
 */
export const ProxyAgeChangesPage = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const [searchParams, setSearchParams] = useSearchParams();
  const days = periodOf(searchParams.get('days'));
  const { data, error, isPending } = useQuery({
    queryKey: ['proxy-age-changes', days],
    queryFn: () => dataProvider.proxyAgeChanges({ days }).then((answer) => answer.data),
  });

  return (
    <Card sx={{ mt: 2 }} className="print-plain">
      <style>{PAGE_PRINT_STYLES}</style>
      <Title title="portal.age_changes.title" />
      <CardContent>
        <Typography variant="h5" component="h2" sx={{ mb: 1 }}>
          {translate('portal.age_changes.title')}
        </Typography>
        <Typography sx={{ mb: 2, maxWidth: 900 }}>{translate('portal.age_changes.intro')}</Typography>
        <Stack direction="row" spacing={2} className="no-print" sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1, mb: 2 }}>
          <Typography id="age-changes-days" component="span">
            {translate('portal.age_changes.days_label')}
          </Typography>
          <ToggleButtonGroup
            exclusive
            size="small"
            color="primary"
            value={days}
            aria-labelledby="age-changes-days"
            onChange={(_event, value: number | null) => {
              if (value !== null) setSearchParams({ days: String(value) }, { replace: true });
            }}
          >
            {PERIODS.map((period) => (
              <ToggleButton key={period} value={period}>
                {translate('portal.age_changes.days', { smart_count: period })}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <Box sx={{ flex: 1 }} />
          <MuiButton variant="contained" startIcon={<PrintIcon />} onClick={() => window.print()}>
            {translate('portal.age_changes.print')}
          </MuiButton>
        </Stack>
        {isPending ? <Typography color="text.secondary">{translate('ra.page.loading')}</Typography> : null}
        {error ? (
          <Alert severity="error">{apiErrorBody(error)?.message ?? (error instanceof Error ? error.message : translate('ra.notification.http_error'))}</Alert>
        ) : null}
        {data && data.length === 0 ? (
          <EmptyState icon={<CakeIcon />} title={translate('portal.age_changes.empty', { smart_count: days })}>
            {translate('portal.age_changes.empty_help')}
          </EmptyState>
        ) : null}
        {data && data.length ? (
          <Table size="small">
            <Box component="caption" sx={{ captionSide: 'top', textAlign: 'left', px: 0, pt: 0 }}>
              {translate('portal.age_changes.caption', { smart_count: days })}
            </Box>
            <TableHead>
              <TableRow>
                <TableCell scope="col">{translate('portal.age_changes.on')}</TableCell>
                <TableCell scope="col">{translate('portal.age_changes.patient')}</TableCell>
                <TableCell scope="col">{translate('portal.age_changes.turns')}</TableCell>
                <TableCell scope="col">{translate('portal.age_changes.change_column')}</TableCell>
                <TableCell scope="col">{translate('portal.age_changes.proxies')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((change) => (
                <ChangeRow key={`${change.id}-${change.turns}`} change={change} />
              ))}
            </TableBody>
          </Table>
        ) : null}
      </CardContent>
    </Card>
  );
};
