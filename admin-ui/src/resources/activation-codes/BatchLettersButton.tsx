import PrintIcon from '@mui/icons-material/Print';
import { Button, useListContext, useTranslate } from 'react-admin';
import { BatchResultDialog } from './BatchResultDialog.tsx';
import { useBatchLetters } from './useBatchLetters.ts';
import { useDeskLocation } from './useDeskLocation.ts';

/** A bulk action of the patient list: codes for the selected patients, one letter a page. */
export const BatchLettersButton = () => {
  const { selectedIds, onUnselectItems } = useListContext();
  const translate = useTranslate();
  const { busy, result, issue, replaceLive, printIssued, clear } = useBatchLetters();
  const [location] = useDeskLocation();
  return (
    <>
      <Button
        label={busy ? 'portal.batch.issuing' : 'portal.batch.issue_selected'}
        // The bulk toolbar stays in the page while nothing is selected: a disabled button is out of the tab order.
        disabled={busy || selectedIds.length === 0}
        startIcon={<PrintIcon />}
        onClick={() => issue({ patientIds: selectedIds as number[], location }).then(() => onUnselectItems())}
        title={translate('portal.batch.issue_selected_help')}
      />
      {result && result.refused.length ? (
        <BatchResultDialog result={result} busy={busy} onPrint={printIssued} onReplaceLive={replaceLive} onClose={clear} />
      ) : null}
    </>
  );
};
