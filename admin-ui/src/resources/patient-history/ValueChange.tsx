import Box from '@mui/material/Box';
import { useTranslate } from 'react-admin';
import { describeFieldValue, FIELD_LABELS, type PatientHistoryEntry } from '@portaldesk/admin-api/contract';

/** A field's label, as the API's history export names it. */
export const fieldLabelOf = (entry: Pick<PatientHistoryEntry, 'field'>) => FIELD_LABELS[entry.field];

/** One change in words, never codes: "Spanish → English", "Not recorded → White, Asian". */
export const ValueChange = ({ entry }: { entry: Pick<PatientHistoryEntry, 'field' | 'old_value' | 'new_value'> }) => {
  const translate = useTranslate();
  return (
    <Box component="span" sx={{ overflowWrap: 'anywhere' }}>
      {translate('portal.patient_history.change', {
        from: describeFieldValue(entry.field, entry.old_value),
        to: describeFieldValue(entry.field, entry.new_value),
      })}
    </Box>
  );
};
