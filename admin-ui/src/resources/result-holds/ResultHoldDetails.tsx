import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import MuiButton from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import { RecordContextProvider, useCanAccess, useRefresh, useTranslate } from 'react-admin';
import type { ResultHold } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateOnly } from '../../components/dates.tsx';
import { HoldBasis, HoldEnds, HoldPatient, HoldPlaced, HoldStatus } from './HoldFields.tsx';
import { WithdrawHoldDialog } from './WithdrawHoldDialog.tsx';

const field = (name: string) => `resources.result-holds.fields.${name}`;

/** Every field of the hold, in three parts: whose result, what was decided and by whom, how it went. */
const HoldFacts = ({ hold }: { hold: ResultHold }) => {
  const translate = useTranslate();
  return (
    <>
      <DetailSection title="portal.result_holds.sections.patient">
        <Detail label={field('patient_name')}>
          <HoldPatient />
        </Detail>
        <Detail label={field('test_name')}>{hold.test_name}</Detail>
        <Detail label={field('accession_number')}>{hold.accession_number}</Detail>
        <Detail label={field('category')}>{hold.category}</Detail>
      </DetailSection>
      <DetailSection title="portal.result_holds.sections.decision">
        <Detail label={field('basis')}>
          <HoldBasis />
        </Detail>
        {hold.requested_on ? <Detail label={field('requested_on')}>{formatDateOnly(hold.requested_on)}</Detail> : null}
        {hold.harm_type ? <Detail label={field('harm_type')}>{translate(`portal.result_holds.harm.${hold.harm_type}`)}</Detail> : null}
        <Detail label={field('reason')}>{hold.reason}</Detail>
        <Detail label={field('decided_by_name')}>{hold.decided_by_name}</Detail>
        <Detail label={field('placed_at')}>
          <HoldPlaced />
        </Detail>
      </DetailSection>
      <DetailSection title="portal.result_holds.sections.course">
        <Detail label={field('ends_at')}>
          <HoldEnds />
        </Detail>
        <Detail label={field('extensions')}>{String(hold.extensions)}</Detail>
        <Detail label={field('ended_at')}>
          <HoldStatus />
        </Detail>
      </DetailSection>
      {hold.overdue ? (
        <Typography variant="body2" color="text.secondary">
          {translate('portal.result_holds.overdue_help')}
        </Typography>
      ) : null}
    </>
  );
};

/**
 * A hold of the register in a side panel, every field of it; an open hold offers "Withdraw
 * basis…" to those who may change holds. After a withdrawal, or when someone acted first, the
 * register is read again and the panel shows the hold as it now stands.
 */
export const ResultHoldDetails = ({ hold, onClose }: { hold: ResultHold | undefined; onClose: () => void }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const { canAccess: mayEdit } = useCanAccess({ action: 'edit', resource: 'result-holds' });
  const [withdrawing, setWithdrawing] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);

  const close = () => {
    setConflict(null);
    onClose();
  };

  return (
    <Drawer
      anchor="right"
      open={hold !== undefined}
      onClose={close}
      slotProps={{ paper: { role: 'dialog', 'aria-labelledby': 'hold-details-title', sx: { width: { xs: '100%', sm: 560 }, p: 3 } } }}
    >
      {hold ? (
        <RecordContextProvider value={hold}>
          <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between', mb: 2 }}>
            <Typography id="hold-details-title" variant="h6" component="h2">
              {translate('portal.result_holds.details_title', { test: hold.test_name })}
            </Typography>
            <IconButton onClick={close} aria-label={translate('portal.result_holds.close')}>
              <CloseIcon />
            </IconButton>
          </Stack>
          {conflict ? (
            <Alert severity="warning" role="alert" sx={{ mb: 2 }}>
              {conflict} {translate('portal.result_holds.withdraw.conflict')}
            </Alert>
          ) : null}
          <HoldFacts hold={hold} />
          {mayEdit && !hold.ended_at ? (
            <Box sx={{ mt: 2 }}>
              <MuiButton variant="outlined" color="warning" startIcon={<LockOpenIcon />} onClick={() => setWithdrawing(true)}>
                {translate('portal.result_holds.withdraw.button')}
              </MuiButton>
            </Box>
          ) : null}
          {withdrawing ? (
            <WithdrawHoldDialog
              hold={hold}
              onClose={() => setWithdrawing(false)}
              onWithdrawn={() => {
                setWithdrawing(false);
                refresh();
              }}
              onConflict={(message) => {
                setWithdrawing(false);
                setConflict(message);
                refresh();
              }}
            />
          ) : null}
        </RecordContextProvider>
      ) : null}
    </Drawer>
  );
};
