import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link, useGetList, useTranslate } from 'react-admin';
import type { ResultHoldListFilter } from '@portaldesk/admin-api/contract';
import { RELEASE_QUEUE_PATH } from '../resources/result-holds/index.ts';

const DAY_MS = 86_400_000;
const AHEAD_DAYS = 7;

/**
 * The counts' filters at `now`: open holds ending within the next 7 days (those already past
 * their end included); among them the determinations of harm whose review comes this week (the
 * result is released at its review-by date unless a clinician renews the determination); and open
 * holds past their end (the release job is behind on them).
 */
export function holdsDueFilters(now: Date): { endingSoon: ResultHoldListFilter; reviewsDue: ResultHoldListFilter; overdue: ResultHoldListFilter } {
  const weekAhead = new Date(now.getTime() + AHEAD_DAYS * DAY_MS).toISOString();
  return {
    endingSoon: { open: true, ends_before: weekAhead },
    reviewsDue: { open: true, basis: 'preventing_harm', ends_before: weekAhead },
    overdue: { open: true, ends_before: now.toISOString() },
  };
}

/** How many open holds match `filter`: the Content-Range total of a one-row page (the register always counts in full). */
function useHoldCount(filter: ResultHoldListFilter) {
  const { total, error } = useGetList('result-holds', { filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'ends_at', order: 'ASC' } });
  return { count: total, error, some: (total ?? 0) > 0 };
}

/**
 * The clinicians' tile: how many held results come due this week, how many determinations of
 * harm come up for review, and how many are overdue, each a link to the release queue. `now` is read once, when the tile first shows.
 */
export const HoldsDueTile = () => {
  const translate = useTranslate();
  const [filters] = useState(() => holdsDueFilters(new Date()));
  const endingSoon = useHoldCount(filters.endingSoon);
  const reviewsDue = useHoldCount(filters.reviewsDue);
  const overdue = useHoldCount(filters.overdue);
  return (
    <Card component="section" aria-labelledby="holds-due-title">
      <CardContent>
        <Typography id="holds-due-title" variant="h6" component="h2" sx={{ mb: 1 }}>
          {translate('portal.dashboard.holds_title')}
        </Typography>
        {endingSoon.error || reviewsDue.error || overdue.error ? <Alert severity="error">{translate('ra.notification.http_error')}</Alert> : null}
        <Stack spacing={1}>
          {endingSoon.count !== undefined ? (
            <Link to={RELEASE_QUEUE_PATH}>{translate('portal.dashboard.holds_ending', { days: AHEAD_DAYS, count: endingSoon.count })}</Link>
          ) : null}
          {reviewsDue.count !== undefined ? (
            <Link to={RELEASE_QUEUE_PATH}>{translate('portal.dashboard.holds_reviews_due', { days: AHEAD_DAYS, count: reviewsDue.count })}</Link>
          ) : null}
          {overdue.count !== undefined ? (
            <Link to={RELEASE_QUEUE_PATH} sx={overdue.some ? { color: 'error.main', fontWeight: 600 } : undefined}>
              {translate('portal.dashboard.holds_overdue', { count: overdue.count })}
            </Link>
          ) : null}
          {overdue.some ? (
            <Typography variant="body2" color="text.secondary">
              {translate('portal.dashboard.holds_overdue_help')}
            </Typography>
          ) : null}
        </Stack>
      </CardContent>
    </Card>
  );
};
