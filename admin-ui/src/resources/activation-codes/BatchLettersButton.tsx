import { useState } from 'react';
import MuiButton from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import PrintIcon from '@mui/icons-material/Print';
import { Button, useListContext, useTranslate } from 'react-admin';
import { BatchResultDialog } from './BatchResultDialog.tsx';
import { DeskLocationSelect } from './DeskLocationSelect.tsx';
import { useBatchLetters } from './useBatchLetters.ts';
import { useDeskLocation } from './useDeskLocation.ts';

/** Where the selected patients' codes are handed over, asked before issuing them. */
const BatchIssueDialog = ({ count, onCancel, onIssue }: { count: number; onCancel: () => void; onIssue: (locationId: number | undefined) => void }) => {
  const translate = useTranslate();
  const deskLocation = useDeskLocation();
  const [triedWithoutLocation, setTriedWithoutLocation] = useState(false);
  const confirm = () => {
    setTriedWithoutLocation(deskLocation.missing);
    if (!deskLocation.missing) onIssue(deskLocation.chosen?.id);
  };
  return (
    <Dialog open onClose={onCancel} aria-labelledby="batch-issue-title" maxWidth="sm" fullWidth>
      <DialogTitle id="batch-issue-title">{translate('portal.batch.confirm_title', { smart_count: count })}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>{translate('portal.batch.confirm_intro')}</Typography>
        <DeskLocationSelect choice={deskLocation} showMissing={triedWithoutLocation} />
      </DialogContent>
      <DialogActions>
        <MuiButton onClick={onCancel}>{translate('ra.action.cancel')}</MuiButton>
        <MuiButton variant="contained" startIcon={<PrintIcon />} onClick={confirm}>
          {translate('portal.batch.submit')}
        </MuiButton>
      </DialogActions>
    </Dialog>
  );
};

/**
 * A bulk action of the patient list: codes for the selected patients, one letter a page. A dialog
 * first asks where they are handed over (the session's desk location, already chosen if one was).
 */
export const BatchLettersButton = () => {
  const { selectedIds, onUnselectItems } = useListContext();
  const translate = useTranslate();
  const { busy, result, issue, replaceLive, printIssued, clear } = useBatchLetters();
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button
        label={busy ? 'portal.batch.issuing' : 'portal.batch.issue_selected'}
        // The bulk toolbar stays in the page while nothing is selected: a disabled button is out of the tab order.
        disabled={busy || selectedIds.length === 0}
        startIcon={<PrintIcon />}
        onClick={() => setAsking(true)}
        title={translate('portal.batch.issue_selected_help')}
      />
      {asking ? (
        <BatchIssueDialog
          count={selectedIds.length}
          onCancel={() => setAsking(false)}
          onIssue={(locationId) => {
            setAsking(false);
            void issue({ patientIds: selectedIds as number[], locationId }).then(() => onUnselectItems());
          }}
        />
      ) : null}
      {result && result.refused.length ? (
        <BatchResultDialog result={result} busy={busy} onPrint={printIssued} onReplaceLive={replaceLive} onClose={clear} />
      ) : null}
    </>
  );
};
