import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import { useTranslate } from 'react-admin';
import type { ActivationReportRow } from '@portaldesk/admin-api/contract';

/** A week's counts over every location. */
export type WeekTotals = Pick<ActivationReportRow, 'week' | 'issued' | 'redeemed' | 'expired'>;

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 16, right: 16, bottom: 40, left: 40 };

/**
 * Codes issued per week as bars: the redeemed part, the part that expired unused, and the rest
 * still open. Drawn as plain SVG with a text alternative, so it prints and reads aloud.
 */
export const WeeklyActivationChart = ({ weeks }: { weeks: WeekTotals[] }) => {
  const theme = useTheme();
  const translate = useTranslate();
  const max = Math.max(1, ...weeks.map((week) => week.issued));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / Math.max(weeks.length, 1);
  const barWidth = Math.min(40, slot * 0.7);
  const y = (value: number) => (value / max) * plotHeight;
  const colors = { redeemed: theme.palette.success.main, expired: theme.palette.warning.main, open: theme.palette.grey[400] };
  const summary = weeks
    .map((week) => translate('portal.dashboard.week_summary', { week: week.week, issued: week.issued, redeemed: week.redeemed, expired: week.expired }))
    .join(' ');
  return (
    <Box>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={translate('portal.dashboard.chart_label')}>
        <desc>{summary}</desc>
        <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} stroke={theme.palette.divider} />
        <text x={MARGIN.left - 6} y={MARGIN.top + 4} textAnchor="end" fontSize={11} fill={theme.palette.text.secondary}>
          {max}
        </text>
        <text x={MARGIN.left - 6} y={HEIGHT - MARGIN.bottom} textAnchor="end" fontSize={11} fill={theme.palette.text.secondary}>
          0
        </text>
        {weeks.map((week, index) => {
          const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
          const base = HEIGHT - MARGIN.bottom;
          const open = week.issued - week.redeemed - week.expired;
          const parts = [
            { key: 'redeemed', value: week.redeemed, color: colors.redeemed },
            { key: 'expired', value: week.expired, color: colors.expired },
            { key: 'open', value: Math.max(0, open), color: colors.open },
          ];
          let top = base;
          return (
            <g key={week.week}>
              {parts.map((part) => {
                const height = y(part.value);
                top -= height;
                return height > 0 ? <rect key={part.key} x={x} y={top} width={barWidth} height={height} fill={part.color} /> : null;
              })}
              <text x={x + barWidth / 2} y={base + 14} textAnchor="middle" fontSize={10} fill={theme.palette.text.secondary}>
                {week.week.slice(5)}
              </text>
              <text x={x + barWidth / 2} y={base - y(week.issued) - 4} textAnchor="middle" fontSize={10} fill={theme.palette.text.primary}>
                {week.issued || ''}
              </text>
            </g>
          );
        })}
      </svg>
      <Box sx={{ display: 'flex', gap: 3, fontSize: 13, mt: 1 }}>
        {(['redeemed', 'expired', 'open'] as const).map((key) => (
          <Box key={key} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Box sx={{ width: 12, height: 12, bgcolor: colors[key] }} />
            {translate(`portal.dashboard.legend.${key}`)}
          </Box>
        ))}
      </Box>
    </Box>
  );
};
