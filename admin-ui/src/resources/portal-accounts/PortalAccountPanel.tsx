import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Confirm, useDataProvider, useNotify, useRecordContext, useTranslate } from 'react-admin';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateTime, formatLastDay, useOrganizationTimeZone } from '../../components/dates.tsx';
import type { IssuedCode, PortalAccountAction, PortalAccountPanel as PanelData, PortalDataProvider } from '../../providers/dataProvider.ts';
import { apiErrorBody } from '../../providers/httpClient.ts';
import { DeskLocationSelect } from '../activation-codes/DeskLocationSelect.tsx';
import { useDeskLocation } from '../activation-codes/useDeskLocation.ts';
import { IssuedCodeDialog } from './IssueCodeDialog.tsx';

const STATE_COLOR: Record<PanelData['state'], 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  no_account: 'default',
  code_pending: 'info',
  code_expired: 'warning',
  code_revoked: 'warning',
  code_locked: 'error',
  active: 'success',
  locked: 'error',
  deactivated: 'default',
  identity_check_failed: 'error',
};

/** The sentence that answers "why can't they log in?" for this state. */
const StateSentence = ({ panel }: { panel: PanelData }) => {
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  const when = (value: string | null | undefined) => (value ? formatDateTime(value, timeZone) : translate('portal.account.never'));
  const { account, latest_code: code } = panel;
  const sentence = translate(`portal.account.state.${panel.state}`, {
    username: account?.username ?? '',
    last_sign_in: when(account?.last_sign_in_at),
    locked_at: when(account?.locked_at),
    deactivated_at: when(account?.deactivated_at),
    deactivated_by: account?.deactivated_by_name ?? translate('portal.account.someone'),
    reason: account?.deactivation_reason ?? '',
    issued_at: when(code?.issued_at),
    // Codes end at midnight after their last day: people read the day, not "12:00 AM" of the next.
    last_day: code?.expires_at ? formatLastDay(code.expires_at, timeZone) : '',
    failed: code?.failed_attempts ?? 0,
    birth_date_failures: code?.birth_date_failures ?? 0,
  });
  return (
    <Typography role="status" sx={{ fontSize: 17 }}>
      {sentence}
    </Typography>
  );
};

/** Asks why, and (when anyone sees this patient's record as a proxy) whether their access ends too. */
const DeactivateDialog = ({
  openProxies,
  onCancel,
  onConfirm,
}: {
  openProxies: number;
  onCancel: () => void;
  onConfirm: (reason: string, revokeProxies: boolean) => void;
}) => {
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  const [revokeProxies, setRevokeProxies] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim().length >= 3) onConfirm(reason.trim(), revokeProxies);
  };
  return (
    <Dialog open onClose={onCancel} aria-labelledby="deactivate-account-title" maxWidth="sm" fullWidth>
      <form onSubmit={submit}>
        <DialogTitle id="deactivate-account-title">{translate('portal.account.deactivate_title')}</DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2 }}>{translate('portal.account.deactivate_intro')}</Typography>
          <TextField
            label={translate('portal.account.reason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            fullWidth
            multiline
            minRows={2}
            autoFocus
            required
            helperText={translate('portal.account.reason_help')}
          />
          {openProxies > 0 ? (
            <FormControlLabel
              sx={{ mt: 2 }}
              control={<Checkbox checked={revokeProxies} onChange={(event) => setRevokeProxies(event.target.checked)} />}
              label={translate('portal.account.revoke_proxies', { smart_count: openProxies })}
            />
          ) : null}
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onCancel}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" color="error" disabled={reason.trim().length < 3}>
            {translate('portal.account.actions.deactivate')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
};

/**
 * "Why can't they log in?": the portal account's state in plain words, the facts behind it and
 * the safe next action one click away. Front desk sees it too, with only "issue a code".
 */
export const PortalAccountPanel = () => {
  const record = useRecordContext<{ id: number }>();
  const dataProvider = useDataProvider<PortalDataProvider>();
  const queryClient = useQueryClient();
  const translate = useTranslate();
  const notify = useNotify();
  const timeZone = useOrganizationTimeZone();
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [deactivating, setDeactivating] = useState(false);
  const [confirmingReissue, setConfirmingReissue] = useState(false);
  const [triedWithoutLocation, setTriedWithoutLocation] = useState(false);
  const queryKey = ['portal-account', record?.id];
  const {
    data: panel,
    error,
    isPending,
  } = useQuery({
    queryKey,
    queryFn: () => dataProvider.getPortalAccount({ patientId: record!.id }).then(({ data }) => data),
    enabled: record !== undefined,
  });
  const deskLocation = useDeskLocation({ enabled: panel?.actions.includes('issue_code') ?? false });
  if (!record) return null;

  const run = async (work: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await work();
      if (done) notify(done, { type: 'success' });
    } catch (caught) {
      notify(apiErrorBody(caught)?.message ?? (caught instanceof Error ? caught.message : 'ra.notification.http_error'), { type: 'error' });
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey });
    }
  };

  const perform = (action: PortalAccountAction) => {
    // Unlock, deactivate and reactivate act on the account read, at the version read (409 if it changed since).
    const account = panel?.account;
    switch (action) {
      case 'issue_code':
        // A live code stops working when a new one is issued: say so before doing it.
        setTriedWithoutLocation(deskLocation.missing);
        if (deskLocation.missing) return;
        if (panel?.state === 'code_pending' && !confirmingReissue) return setConfirmingReissue(true);
        setConfirmingReissue(false);
        return run(async () => setIssued((await dataProvider.issueActivationCode({ patientId: record.id, locationId: deskLocation.chosen?.id })).data));
      case 'unlock':
        if (!account) return;
        return run(
          () => dataProvider.changePortalAccount({ patientId: record.id, change: 'unlock', body: { version: account.version } }),
          'portal.account.unlocked',
        );
      case 'reactivate':
        if (!account) return;
        return run(
          () => dataProvider.changePortalAccount({ patientId: record.id, change: 'reactivate', body: { version: account.version } }),
          'portal.account.reactivated',
        );
      case 'send_password_reset':
        return run(() => dataProvider.changePortalAccount({ patientId: record.id, change: 'password-reset' }), 'portal.account.reset_sent');
      case 'deactivate':
        return setDeactivating(true);
    }
  };

  return (
    <Card component="section" aria-labelledby="portal-account-title">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
          <Typography id="portal-account-title" variant="h6" component="h2">
            {translate('portal.account.title')}
          </Typography>
          {panel ? <Chip size="small" color={STATE_COLOR[panel.state]} label={translate(`portal.account.state_name.${panel.state}`)} /> : null}
        </Stack>
        {isPending ? <Typography color="text.secondary">{translate('ra.page.loading')}</Typography> : null}
        {error ? <Alert severity="error">{apiErrorBody(error)?.message ?? translate('ra.notification.http_error')}</Alert> : null}
        {panel ? (
          <Stack spacing={2}>
            {/* The most useful fact first: a caller typing the wrong birth date is the usual reason a live code fails. */}
            {panel.state === 'code_pending' && panel.latest_code?.birth_date_failures ? (
              <Alert severity="warning" sx={{ fontSize: 17 }}>
                {translate('portal.account.wrong_birth_dates', { smart_count: panel.latest_code.birth_date_failures })}
              </Alert>
            ) : null}
            <StateSentence panel={panel} />
            {!panel.eligibility.eligible && !panel.account ? <Alert severity="warning">{panel.eligibility.message}</Alert> : null}
            {panel.state === 'code_pending' && panel.latest_code?.devices_shut_out ? (
              <Alert severity="warning">{translate('portal.account.devices_shut_out', { smart_count: panel.latest_code.devices_shut_out })}</Alert>
            ) : null}
            {panel.identity_failures.length ? (
              <Alert severity="error">
                {translate('portal.account.identity_failed', {
                  when: formatDateTime(panel.identity_failures[0].reported_at, timeZone),
                  reason: panel.identity_failures[0].reason,
                })}
              </Alert>
            ) : null}
            {panel.actions.includes('issue_code') ? <DeskLocationSelect choice={deskLocation} showMissing={triedWithoutLocation} /> : null}
            {panel.actions.length ? (
              <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
                {panel.actions.map((action, index) => (
                  <MuiButton
                    key={action}
                    variant={index === 0 ? 'contained' : 'outlined'}
                    color={action === 'deactivate' ? 'error' : 'primary'}
                    disabled={busy}
                    onClick={() => perform(action)}
                  >
                    {translate(`portal.account.actions.${action}`)}
                  </MuiButton>
                ))}
              </Stack>
            ) : null}
            {panel.account || panel.latest_code ? (
              <DetailSection title="portal.account.facts_title">
                {panel.account ? (
                  <>
                    <Detail label="portal.account.username">{panel.account.username}</Detail>
                    <Detail label="portal.account.activated">{formatDateTime(panel.account.activated_at, timeZone)}</Detail>
                    <Detail label="portal.account.last_sign_in">
                      {panel.account.last_sign_in_at ? formatDateTime(panel.account.last_sign_in_at, timeZone) : translate('portal.account.never')}
                    </Detail>
                  </>
                ) : null}
                {panel.latest_code ? (
                  <>
                    <Detail label="portal.account.code_issued">
                      {formatDateTime(panel.latest_code.issued_at, timeZone)}
                      {panel.latest_code.issued_by_name ? ` · ${panel.latest_code.issued_by_name}` : ''}
                      {panel.latest_code.location ? ` · ${panel.latest_code.location}` : ''}
                    </Detail>
                    <Detail label="portal.account.code_state">
                      {translate(`portal.account.code_states.${panel.latest_code.state}`, { date: formatLastDay(panel.latest_code.expires_at, timeZone) })}
                    </Detail>
                    <Detail label="portal.account.failed_attempts">
                      {panel.latest_code.failing_devices
                        ? translate('portal.account.failed_attempts_devices', {
                            failed: panel.latest_code.failed_attempts,
                            smart_count: panel.latest_code.failing_devices,
                          })
                        : panel.latest_code.failed_attempts}
                    </Detail>
                  </>
                ) : null}
              </DetailSection>
            ) : null}
            {panel.failed_redemptions.length ? (
              <Box>
                <Typography variant="subtitle2" component="h3">
                  {translate('portal.account.failed_redemptions')}
                </Typography>
                <Box component="ul" sx={{ m: 0, pl: 3 }}>
                  {panel.failed_redemptions.map((failure) => (
                    <li key={failure.occurred_at}>
                      {formatDateTime(failure.occurred_at, timeZone)}: {translate(`portal.account.redemption_failure.${failure.reason}`, { _: failure.reason })}
                    </li>
                  ))}
                </Box>
              </Box>
            ) : null}
            {panel.sign_ins.length ? (
              <Box>
                <Typography variant="subtitle2" component="h3">
                  {translate('portal.account.recent_sign_ins')}
                </Typography>
                <Box component="ul" sx={{ m: 0, pl: 3 }}>
                  {panel.sign_ins.map((event) => (
                    <li key={`${event.kind}-${event.occurred_at}`}>
                      {formatDateTime(event.occurred_at, timeZone)}: {translate(`portal.account.sign_in.${event.kind}`)}
                    </li>
                  ))}
                </Box>
              </Box>
            ) : null}
          </Stack>
        ) : null}
      </CardContent>
      <Confirm
        isOpen={confirmingReissue}
        title="portal.account.reissue_title"
        content="portal.account.reissue_content"
        confirm="portal.account.actions.issue_code"
        onConfirm={() => perform('issue_code')}
        onClose={() => setConfirmingReissue(false)}
      />
      {issued ? <IssuedCodeDialog issued={issued} onClose={() => setIssued(null)} /> : null}
      {deactivating ? (
        <DeactivateDialog
          openProxies={panel?.open_proxies ?? 0}
          onCancel={() => setDeactivating(false)}
          onConfirm={(reason, revokeProxies) => {
            setDeactivating(false);
            const account = panel?.account;
            if (!account) return;
            void run(
              () => dataProvider.changePortalAccount({ patientId: record.id, change: 'deactivate', body: { version: account.version, reason, revokeProxies } }),
              'portal.account.deactivated',
            );
          }}
        />
      ) : null}
    </Card>
  );
};
