import { useId, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link, useTranslate } from 'react-admin';
import type { MessageTeamStats } from '@portaldesk/admin-api/contract';
import { queuePath, useTeamStats } from './teamStats.ts';
import { RUNNING, teamName } from './threadWords.ts';

/** One team's queue now: open (new among them), overdue and waiting on the patient, each a link to the queue so filtered. */
export const TeamQueueTile = ({ stats }: { stats: MessageTeamStats }) => {
  const translate = useTranslate();
  const headingId = useId();
  const open = stats.new + stats.open;
  const late = stats.overdue > 0;
  return (
    <Card component="section" aria-labelledby={headingId} sx={{ flex: '1 1 260px' }}>
      <CardContent>
        <Typography id={headingId} variant="h6" component="h2" sx={{ mb: 1 }}>
          {translate('portal.messages.dashboard.tiles_title', { team: teamName(translate, stats.team) })}
        </Typography>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 1, rowGap: 0.5, alignItems: 'baseline' }}>
          <Link to={queuePath({ topic: stats.topic, status: RUNNING })}>
            {stats.new
              ? translate('portal.messages.dashboard.open_new', { count: open, fresh: stats.new })
              : translate('portal.messages.dashboard.open', { count: open })}
          </Link>
          <span aria-hidden>·</span>
          <Link to={queuePath({ topic: stats.topic, overdue: true })} sx={late ? { color: 'error.dark', fontWeight: 700 } : undefined}>
            {translate('portal.messages.dashboard.overdue', { count: stats.overdue })}
          </Link>
          <span aria-hidden>·</span>
          <Link to={queuePath({ topic: stats.topic, status: 'waiting_on_patient' })}>
            {translate('portal.messages.dashboard.waiting', { count: stats.waiting_on_patient })}
          </Link>
        </Box>
      </CardContent>
    </Card>
  );
};

/**
 * The dashboard's message sections (these tiles, the first-response charts) around the figures of
 * each team whose queue the signed-in person reads, from one shared request: nothing for a role
 * without a queue or while they load, the failure in words.
 */
export const WithTeamStats = ({ children }: { children: (stats: MessageTeamStats[]) => ReactNode }) => {
  const translate = useTranslate();
  const { allowed, stats, error } = useTeamStats();
  if (!allowed) return null;
  if (error) {
    return <Alert severity="error">{translate('portal.messages.dashboard.load_failed', { message: error instanceof Error ? error.message : '' })}</Alert>;
  }
  if (!stats) return null;
  return <>{children(stats)}</>;
};

/**
 * The dashboard's message tiles: for each team whose queue the signed-in person reads (their own,
 * or all of them for the privacy office), how many are open, overdue and waiting on the patient.
 * Renders nothing for a role without a queue.
 */
export const TeamQueueTiles = () => (
  <WithTeamStats>
    {(stats) => (
      <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 2 }}>
        {stats.map((team) => (
          <TeamQueueTile key={team.team} stats={team} />
        ))}
      </Stack>
    )}
  </WithTeamStats>
);
