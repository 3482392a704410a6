import { useId } from 'react';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { useTranslate } from 'react-admin';
import type { MessageTeamStats } from '@portaldesk/admin-api/contract';
import { hoursOf } from './teamStats.ts';
import { WithTeamStats } from './TeamQueueTiles.tsx';
import { teamName } from './threadWords.ts';

type Week = MessageTeamStats['weeks'][number];

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 16, bottom: 40, left: 44 };
/** The due time: 3 business days of 8 working hours. */
const DUE_HOURS = 24;

/**
 * One team's median first-response time per week, in working hours, as bars (a week with no reply
 * yet has none), with the 3-business-day due time as a dashed line when the bars come near it.
 * Plain SVG with a text alternative, as the activation chart; the figures also as a table.
 */
export const FirstResponseChart = ({ stats }: { stats: MessageTeamStats }) => {
  const theme = useTheme();
  const translate = useTranslate();
  const team = teamName(translate, stats.team);
  const weeks = stats.weeks;
  const hours = (week: Week) => (week.median_first_response_business_minutes === null ? null : hoursOf(week.median_first_response_business_minutes));
  const median = (week: Week) => {
    const value = hours(week);
    return value === null ? translate('portal.messages.dashboard.no_answer') : translate('portal.messages.dashboard.hours', { hours: value });
  };
  const highest = Math.max(0, ...weeks.map((week) => hours(week) ?? 0));
  // The due line shows once a bar reaches half of it; below that it would flatten every bar.
  const showDue = highest >= DUE_HOURS / 2;
  const max = Math.max(1, highest, showDue ? DUE_HOURS : 0);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(weeks.length, 1);
  const barWidth = Math.min(40, slot * 0.7);
  const base = HEIGHT - MARGIN.bottom;
  const y = (value: number) => (value / max) * plotHeight;
  const summary = weeks
    .map((week) =>
      translate('portal.messages.dashboard.week_summary', { week: week.week_start, received: week.received, answered: week.answered, median: median(week) }),
    )
    .join(' ');
  return (
    <Box>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={translate('portal.messages.dashboard.chart_label', { team, weeks: weeks.length })}
      >
        <desc>{summary}</desc>
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={base} y2={base} stroke={theme.palette.divider} />
        <text x={MARGIN.left - 6} y={MARGIN.top + 4} textAnchor="end" fontSize={11} fill={theme.palette.text.secondary}>
          {translate('portal.messages.dashboard.hours', { hours: Math.round(max * 10) / 10 })}
        </text>
        <text x={MARGIN.left - 6} y={base} textAnchor="end" fontSize={11} fill={theme.palette.text.secondary}>
          0
        </text>
        {showDue ? (
          <g>
            <line
              x1={MARGIN.left}
              x2={WIDTH - MARGIN.right}
              y1={base - y(DUE_HOURS)}
              y2={base - y(DUE_HOURS)}
              stroke={theme.palette.error.main}
              strokeDasharray="6 4"
            />
            <text x={WIDTH - MARGIN.right} y={base - y(DUE_HOURS) - 4} textAnchor="end" fontSize={10} fill={theme.palette.error.dark}>
              {translate('portal.messages.dashboard.due_line')}
            </text>
          </g>
        ) : null}
        {weeks.map((week, index) => {
          const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
          const value = hours(week);
          const height = value === null ? 0 : y(value);
          return (
            <g key={week.week_start}>
              {height > 0 ? <rect x={x} y={base - height} width={barWidth} height={height} fill={theme.palette.primary.main} /> : null}
              <text x={x + barWidth / 2} y={base + 14} textAnchor="middle" fontSize={10} fill={theme.palette.text.secondary}>
                {week.week_start.slice(5)}
              </text>
              <text x={x + barWidth / 2} y={base - height - 4} textAnchor="middle" fontSize={10} fill={theme.palette.text.primary}>
                {value === null ? '–' : value}
              </text>
            </g>
          );
        })}
      </svg>
      <Box component="details" sx={{ mt: 1, '& summary': { cursor: 'pointer', color: 'primary.main' } }}>
        <summary>{translate('portal.messages.dashboard.table_toggle')}</summary>
        <Table size="small" aria-label={translate('portal.messages.dashboard.chart_title', { team })}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                {translate('portal.messages.dashboard.week')}
              </TableCell>
              <TableCell component="th" scope="col" align="right">
                {translate('portal.messages.dashboard.received')}
              </TableCell>
              <TableCell component="th" scope="col" align="right">
                {translate('portal.messages.dashboard.answered')}
              </TableCell>
              <TableCell component="th" scope="col" align="right">
                {translate('portal.messages.dashboard.median')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {weeks.map((week) => (
              <TableRow key={week.week_start}>
                <TableCell component="th" scope="row">
                  {week.week_start}
                </TableCell>
                <TableCell align="right">{week.received}</TableCell>
                <TableCell align="right">{week.answered}</TableCell>
                <TableCell align="right">{median(week)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  );
};

/** One team's chart in its card, titled. */
const TeamChartCard = ({ stats }: { stats: MessageTeamStats }) => {
  const translate = useTranslate();
  const headingId = useId();
  return (
    <Card component="section" aria-labelledby={headingId}>
      <CardContent>
        <Typography id={headingId} variant="h6" component="h2">
          {translate('portal.messages.dashboard.chart_title', { team: teamName(translate, stats.team) })}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('portal.messages.dashboard.chart_help')}
        </Typography>
        <FirstResponseChart stats={stats} />
      </CardContent>
    </Card>
  );
};

/**
 * The dashboard's first-response charts: one per team whose queue the signed-in person reads, the
 * last 12 weeks. Renders nothing for a role without a queue.
 */
export const FirstResponseCharts = () => (
  <WithTeamStats>
    {(stats) => (
      <Stack spacing={2}>
        {stats.map((team) => (
          <TeamChartCard key={team.team} stats={team} />
        ))}
      </Stack>
    )}
  </WithTeamStats>
);
