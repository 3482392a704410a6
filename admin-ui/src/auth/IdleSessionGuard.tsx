import { useEffect, useState } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { useAuthProvider, useGetIdentity, useLogout, useLogoutIfAccessDenied, useTranslate } from 'react-admin';
import type { LogoutParams, PortalAuthProvider, PortalIdentity } from '../providers/authProvider.ts';

/**
 * The server notes activity at most once a minute (admin-api/src/auth/sessions.ts), so after a
 * request at time t its idle clock may have started as early as t minus this much. Counting from
 * there keeps the warning from ever coming after the server has already ended the session.
 */
const SERVER_ACTIVITY_GRANULARITY_MS = 60_000;
const TICK_MS = 1_000;

const minutesSeconds = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * Warns `idleWarningSeconds` before the server's idle sign-out, with a countdown, "Stay signed
 * in" and "Sign out"; when the countdown ends, signs out and says why on the sign-in page.
 */
export const IdleSessionGuard = () => {
  const authProvider = useAuthProvider<PortalAuthProvider>();
  const { identity } = useGetIdentity();
  const limits = (identity as PortalIdentity | undefined)?.session;
  const logout = useLogout();
  const logoutIfAccessDenied = useLogoutIfAccessDenied();
  const translate = useTranslate();
  const [lastActivityAt, setLastActivityAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [extending, setExtending] = useState(false);

  useEffect(() => authProvider?.onActivity((at) => setLastActivityAt((current) => Math.max(current, at))), [authProvider]);

  const idleMs = (limits?.idleMinutes ?? 0) * 60_000;
  const warningMs = (limits?.idleWarningSeconds ?? 0) * 1000;
  // Half the idle time at most, so that even a very short idle setting leaves a usable session.
  const slackMs = Math.min(SERVER_ACTIVITY_GRANULARITY_MS, idleMs / 2);
  const deadline = lastActivityAt - slackMs + idleMs;
  const remainingMs = deadline - now;
  const warning = limits !== undefined && remainingMs <= warningMs;
  const expired = limits !== undefined && remainingMs <= 0;

  useEffect(() => {
    if (!limits || expired) return;
    // Sleep until the warning is due, then tick every second. The clock is read afresh each
    // time, since timers in background tabs fire late.
    const untilWarning = deadline - warningMs - Date.now();
    const timer = setTimeout(() => setNow(Date.now()), untilWarning > 0 ? untilWarning : TICK_MS);
    return () => clearTimeout(timer);
  }, [limits, expired, deadline, warningMs, now]);

  useEffect(() => {
    if (!expired || !limits) return;
    const params: LogoutParams = {
      endedMessage: translate('portal.session.ended_idle', { minutes: limits.idleMinutes }),
    };
    logout(params);
  }, [expired, limits, logout, translate]);

  if (!warning || expired || !limits) return null;

  const stay = async () => {
    setExtending(true);
    try {
      await authProvider?.keepAlive();
      setNow(Date.now());
    } catch (error) {
      await logoutIfAccessDenied(error);
    } finally {
      setExtending(false);
    }
  };

  return (
    <Dialog open aria-labelledby="idle-title" aria-describedby="idle-text">
      <DialogTitle id="idle-title">{translate('portal.session.idle_title')}</DialogTitle>
      <DialogContent>
        <DialogContentText id="idle-text">{translate('portal.session.idle_text')}</DialogContentText>
        <Typography variant="h3" component="p" role="timer" aria-live="off" sx={{ textAlign: 'center', mt: 2 }}>
          {minutesSeconds(remainingMs)}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => logout()}>{translate('ra.auth.logout')}</Button>
        <Button variant="contained" onClick={stay} disabled={extending} autoFocus>
          {translate('portal.session.stay')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
