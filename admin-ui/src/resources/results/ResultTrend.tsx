import { useState } from 'react';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import MuiButton from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis, type DotItemDotProps, type TooltipContentProps } from 'recharts';
import { useGetList, useTranslate, type Identifier } from 'react-admin';
import type { LabResult } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { isAbnormal, type AbnormalFlag } from './labResult.ts';
import { AbnormalFlagChip, valueWithUnit } from './ResultCells.tsx';

/** Fixed, so the chart needs no measuring of its container (none in tests, none when printing); it scrolls on narrow screens. */
const WIDTH = 720;
const HEIGHT = 280;
/** The API's largest page: a chart reads a test's whole series (its latest 500 values) at once. */
const SERIES_LIMIT = 500;

interface Point {
  /** When the sample was taken, in epoch milliseconds: the time axis. */
  time: number;
  value: number;
  flag: AbnormalFlag | null;
  result: LabResult;
}

interface ChartableTest {
  loinc_code: string;
  test_name: string;
}

const hasNumericValue = (result: LabResult) => !result.values_withheld && result.value_numeric !== null;

/** The tests with at least two numeric values among `results`, the most recently resulted first. */
function chartableTests(results: LabResult[]): ChartableTest[] {
  const counts = new Map<string, ChartableTest & { count: number }>();
  for (const result of results.filter(hasNumericValue)) {
    const test = counts.get(result.loinc_code) ?? { loinc_code: result.loinc_code, test_name: result.test_name, count: 0 };
    counts.set(result.loinc_code, { ...test, count: test.count + 1 });
  }
  return [...counts.values()].filter((test) => test.count >= 2);
}

const pointsOf = (series: LabResult[]): Point[] =>
  series
    .filter(hasNumericValue)
    .map((result) => ({ time: Date.parse(result.performed_at), value: result.value_numeric as number, flag: result.abnormal_flag, result }))
    .sort((a, b) => a.time - b.time);

/**
 * The reference range of the latest value (labs change theirs over the years) as a shaded band,
 * or a line at its one limit when the range is one-sided ("< 200").
 */
const ReferenceRange = ({ result }: { result: LabResult }) => {
  const translate = useTranslate();
  const theme = useTheme();
  const { reference_low: low, reference_high: high } = result;
  const line = { stroke: theme.palette.success.main, strokeDasharray: '4 4', ifOverflow: 'extendDomain' as const };
  if (low !== null && high !== null) {
    return (
      <ReferenceArea
        y1={low}
        y2={high}
        ifOverflow="extendDomain"
        fill={theme.palette.success.light}
        fillOpacity={0.15}
        label={{ value: translate('portal.results.chart.reference_band'), position: 'insideTopRight', fontSize: 11 }}
      />
    );
  }
  if (low !== null)
    return <ReferenceLine y={low} {...line} label={{ value: translate('portal.results.chart.low_limit'), position: 'insideBottomRight', fontSize: 11 }} />;
  if (high !== null)
    return <ReferenceLine y={high} {...line} label={{ value: translate('portal.results.chart.high_limit'), position: 'insideTopRight', fontSize: 11 }} />;
  return null;
};

/** The value under the pointer (or the keyboard's focus on the chart): when, what, and the lab's flag. */
const PointTooltip = ({ active, payload }: Pick<TooltipContentProps, 'active' | 'payload'>) => {
  const timeZone = useOrganizationTimeZone();
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <Paper sx={{ p: 1 }}>
      <Typography variant="body2">{formatDateTime(point.result.performed_at, timeZone)}</Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {valueWithUnit(point.result)}
        </Typography>
        <AbnormalFlagChip flag={point.flag} />
      </Stack>
    </Paper>
  );
};

/** The values as a table, newest first: the chart's content for whoever does not read charts. */
const PointTable = ({ id, points, testName }: { id: string; points: Point[]; testName: string }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  return (
    <Table id={id} size="small" aria-label={translate('portal.results.chart.table_label', { test: testName })} sx={{ mt: 1 }}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('portal.results.chart.performed_at')}</TableCell>
          <TableCell>{translate('portal.results.chart.value')}</TableCell>
          <TableCell>{translate('portal.results.chart.flag')}</TableCell>
          <TableCell>{translate('portal.results.chart.reference')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {points.toReversed().map(({ result }) => (
          <TableRow key={result.id}>
            <TableCell>{formatDateTime(result.performed_at, timeZone)}</TableCell>
            <TableCell>{valueWithUnit(result)}</TableCell>
            <TableCell>
              <AbnormalFlagChip flag={result.abnormal_flag} />
            </TableCell>
            <TableCell>{result.reference_range}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** "HbA1c, 12 values from March 2024 to November 2026; latest 6.8 % (high), reference 4.0–5.6". */
function useSummary(points: Point[]): string {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const monthOf = (time: number) => new Date(time).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone });
  const latest = points[points.length - 1].result;
  const latestValue = isAbnormal(latest.abnormal_flag)
    ? translate('portal.results.chart.latest_flag', {
        value: valueWithUnit(latest),
        flag: translate(`portal.results.flags.${latest.abnormal_flag}`).toLocaleLowerCase('en-US'),
      })
    : valueWithUnit(latest);
  const summary = translate('portal.results.chart.summary', {
    test: latest.test_name,
    count: points.length,
    from: monthOf(points[0].time),
    to: monthOf(points[points.length - 1].time),
    latest: latestValue,
  });
  return latest.reference_range ? summary + translate('portal.results.chart.summary_reference', { range: latest.reference_range }) : summary;
}

/** One test's values over time, with its reference range, abnormal values marked, and its text alternative. */
const TrendChart = ({ points }: { points: Point[] }) => {
  const translate = useTranslate();
  const theme = useTheme();
  const timeZone = useOrganizationTimeZone();
  const [showTable, setShowTable] = useState(false);
  const summary = useSummary(points);
  const latest = points[points.length - 1].result;
  // Abnormal values are drawn larger, as red diamonds: told apart by shape, not by colour alone.
  const renderDot = ({ cx, cy, payload, index }: DotItemDotProps) => {
    if (typeof cx !== 'number' || typeof cy !== 'number') return null;
    return isAbnormal((payload as Point).flag) ? (
      <path key={index} d={`M${cx},${cy - 6}L${cx + 6},${cy}L${cx},${cy + 6}L${cx - 6},${cy}Z`} fill={theme.palette.error.main} />
    ) : (
      <circle key={index} cx={cx} cy={cy} r={3.5} fill={theme.palette.primary.main} />
    );
  };
  return (
    <>
      <Box component="figure" aria-labelledby="result-trend-title" aria-describedby="result-trend-summary" sx={{ m: 0, mt: 2 }}>
        <Box sx={{ overflowX: 'auto' }}>
          <LineChart width={WIDTH} height={HEIGHT} data={points} title={latest.test_name} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              padding={{ left: 16, right: 16 }}
              tickFormatter={(time: number) => new Date(time).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone })}
            />
            <YAxis domain={['auto', 'auto']} label={{ value: latest.unit ?? '', angle: -90, position: 'insideLeft' }} />
            <ReferenceRange result={latest} />
            <Tooltip content={PointTooltip} />
            <Line dataKey="value" stroke={theme.palette.primary.main} strokeWidth={2} dot={renderDot} isAnimationActive={false} />
          </LineChart>
        </Box>
        <Typography id="result-trend-summary" variant="body2" sx={{ mt: 1 }}>
          {summary}
        </Typography>
      </Box>
      <MuiButton aria-expanded={showTable} aria-controls="result-trend-table" onClick={() => setShowTable((shown) => !shown)} sx={{ mt: 1 }}>
        {translate(showTable ? 'portal.results.chart.hide_table' : 'portal.results.chart.show_table')}
      </MuiButton>
      {showTable ? <PointTable id="result-trend-table" points={points} testName={latest.test_name} /> : null}
    </>
  );
};

/**
 * A patient's numeric results over time, one test at a time: the tests with at least two numeric
 * values among the patient's latest results to choose from, the chosen test's whole series drawn
 * against its reference range. Nothing for values the role may not read.
 */
export const ResultTrend = ({ patientId }: { patientId: Identifier }) => {
  const translate = useTranslate();
  const [chosen, setChosen] = useState<string | null>(null);
  const { data: latestResults } = useGetList<LabResult>('results', {
    filter: { patient_id: patientId },
    sort: { field: 'resulted_at', order: 'DESC' },
    pagination: { page: 1, perPage: SERIES_LIMIT },
  });
  const tests = chartableTests(latestResults ?? []);
  const loincCode = tests.find((test) => test.loinc_code === chosen)?.loinc_code ?? tests[0]?.loinc_code;
  const { data: series } = useGetList<LabResult>(
    'results',
    {
      filter: { patient_id: patientId, loinc_code: loincCode },
      sort: { field: 'performed_at', order: 'DESC' },
      pagination: { page: 1, perPage: SERIES_LIMIT },
    },
    { enabled: loincCode !== undefined },
  );
  if (!loincCode) return null;
  const points = pointsOf(series ?? []);
  return (
    <Card component="section" aria-labelledby="result-trend-title" sx={{ mt: 2 }}>
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
          <Typography id="result-trend-title" variant="h6" component="h2">
            {translate('portal.results.chart.title')}
          </Typography>
          <TextField
            select
            size="small"
            label={translate('portal.results.chart.test')}
            value={loincCode}
            onChange={(event) => setChosen(event.target.value)}
            sx={{ minWidth: 280 }}
          >
            {tests
              .toSorted((a, b) => a.test_name.localeCompare(b.test_name))
              .map((test) => (
                <MenuItem key={test.loinc_code} value={test.loinc_code}>
                  {test.test_name}
                </MenuItem>
              ))}
          </TextField>
        </Stack>
        {points.length >= 2 && points[0].result.loinc_code === loincCode ? <TrendChart points={points} /> : null}
      </CardContent>
    </Card>
  );
};
