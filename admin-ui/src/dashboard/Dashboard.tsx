import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { useQuery } from '@tanstack/react-query';
import { Title, useCanAccess, useDataProvider, useGetIdentity, useTranslate } from 'react-admin';
import type { PortalIdentity } from '../providers/authProvider.ts';
import type { ActivationReportRow, PortalDataProvider } from '../providers/dataProvider.ts';
import { API_URL } from '../providers/httpClient.ts';
import { FirstResponseCharts } from '../resources/message-threads/FirstResponseChart.tsx';
import { TeamQueueTiles } from '../resources/message-threads/TeamQueueTiles.tsx';
import { HoldsDueTile } from './HoldsDueTile.tsx';
import { WeeklyActivationChart, type WeekTotals } from './WeeklyActivationChart.tsx';

const WEEKS = 12;

/** Totals per week across locations, oldest first. */
export function weekTotals(rows: ActivationReportRow[]): WeekTotals[] {
  const byWeek = new Map<string, WeekTotals>();
  for (const row of rows) {
    const week = byWeek.get(row.week) ?? { week: row.week, issued: 0, redeemed: 0, expired: 0 };
    week.issued += row.issued;
    week.redeemed += row.redeemed;
    week.expired += row.expired;
    byWeek.set(row.week, week);
  }
  return [...byWeek.values()].sort((a, b) => a.week.localeCompare(b.week));
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

const ActivationReport = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const { data: rows, error } = useQuery({
    queryKey: ['activation-report', WEEKS],
    queryFn: () => dataProvider.getActivationReport({ weeks: WEEKS }).then(({ data }) => data),
  });
  const totals = rows ? weekTotals(rows) : [];
  const issued = totals.reduce((sum, week) => sum + week.issued, 0);
  const redeemed = totals.reduce((sum, week) => sum + week.redeemed, 0);
  return (
    <Card component="section" aria-labelledby="activation-report-title">
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography id="activation-report-title" variant="h6" component="h2">
            {translate('portal.dashboard.activation_title', { weeks: WEEKS })}
          </Typography>
          <MuiButton startIcon={<DownloadIcon />} href={`${API_URL}/activation-codes/report?weeks=${WEEKS}&format=csv`}>
            {translate('portal.dashboard.csv')}
          </MuiButton>
        </Stack>
        {error ? <Alert severity="error">{translate('ra.notification.http_error')}</Alert> : null}
        {rows && !rows.length ? <Typography color="text.secondary">{translate('portal.dashboard.no_codes')}</Typography> : null}
        {rows && rows.length ? (
          <Stack spacing={2}>
            <Typography>{translate('portal.dashboard.activation_summary', { issued, redeemed, rate: percent(issued ? redeemed / issued : null) })}</Typography>
            <WeeklyActivationChart weeks={totals} />
            <Table size="small" aria-label={translate('portal.dashboard.by_location')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('portal.dashboard.week')}</TableCell>
                  <TableCell>{translate('portal.dashboard.location')}</TableCell>
                  <TableCell align="right">{translate('portal.dashboard.legend.issued')}</TableCell>
                  <TableCell align="right">{translate('portal.dashboard.legend.redeemed')}</TableCell>
                  <TableCell align="right">{translate('portal.dashboard.legend.expired')}</TableCell>
                  <TableCell align="right">{translate('portal.dashboard.rate')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((row) => (
                  <TableRow key={`${row.week}-${row.location}`}>
                    <TableCell>{row.week}</TableCell>
                    <TableCell>{row.location || translate('portal.dashboard.no_location')}</TableCell>
                    <TableCell align="right">{row.issued}</TableCell>
                    <TableCell align="right">{row.redeemed}</TableCell>
                    <TableCell align="right">{row.expired}</TableCell>
                    <TableCell align="right">{percent(row.redemption_rate)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Stack>
        ) : null}
      </CardContent>
    </Card>
  );
};

/**
 * The start page: a greeting, the weekly activation figures for those who issue codes, and the
 * held results coming due for those who release them.
 */
export const Dashboard = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { canAccess } = useCanAccess({ action: 'list', resource: 'activation-codes' });
  const { canAccess: mayRelease } = useCanAccess({ action: 'release', resource: 'results' });
  const organization = (identity as PortalIdentity | undefined)?.organization.name ?? '';
  return (
    <Stack spacing={2} sx={{ mt: 2 }}>
      <Title title="portal.dashboard.title" />
      <Typography variant="h5" component="h2">
        {translate('portal.dashboard.welcome', { name: identity?.fullName ?? '', organization })}
      </Typography>
      {/* Each team's queue and first-response chart: both check access and render nothing without it. */}
      <TeamQueueTiles />
      <FirstResponseCharts />
      {mayRelease ? <HoldsDueTile /> : null}
      {canAccess ? <ActivationReport /> : null}
    </Stack>
  );
};
