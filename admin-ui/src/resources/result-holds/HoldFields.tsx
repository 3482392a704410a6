import type { MouseEvent } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import { Link, useCanAccess, useCreatePath, useRecordContext, useTranslate, type TranslateFunction } from 'react-admin';
import type { ResultHold } from '@portaldesk/admin-api/contract';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';

/** A pale red band with a red edge for a hold past its end, beside the "Overdue" chip that says it in words. */
export const OVERDUE_ROW = { bgcolor: '#fdf0ef', boxShadow: 'inset 4px 0 0 #c62828' };

const SECONDARY = { display: 'block', color: 'text.secondary', fontSize: '0.8125rem' } as const;

// A link inside a clickable row opens where it points, not the row's details.
const stopPropagation = (event: MouseEvent) => event.stopPropagation();

/** "Ended Dec 1, 2026, 9:05 AM EST: released now by Dana Whitfield", or "Open". */
export function holdStatusInWords(translate: TranslateFunction, hold: ResultHold, timeZone: string | undefined): string {
  if (!hold.ended_at || !hold.ended_how) return translate('portal.result_holds.open');
  return translate(`portal.result_holds.ended.${hold.ended_how}`, {
    when: formatDateTime(hold.ended_at, timeZone),
    name: hold.ended_by_name ?? translate('portal.result_holds.someone'),
  });
}

/** When the hold ends: an instant, or "Until the patient asks". */
export function holdEndInWords(translate: TranslateFunction, hold: ResultHold, timeZone: string | undefined): string {
  if (hold.ends_at) return formatDateTime(hold.ends_at, timeZone);
  return hold.until_patient_asks ? translate('portal.result_holds.until_patient_asks') : '';
}

/** The patient by name and MRN, linking to their Results tab for those who may open the record. */
export const HoldPatient = () => {
  const record = useRecordContext<ResultHold>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ action: 'show', resource: 'patients' });
  if (!record) return null;
  const names = { name: record.patient_name, mrn: record.patient_mrn };
  const text = translate('portal.result_holds.patient', names);
  if (!canAccess) return <>{text}</>;
  return (
    <Link
      to={`${createPath({ resource: 'patients', id: record.patient_id, type: 'show' })}/results`}
      title={translate('portal.result_holds.open_results', names)}
      onClick={stopPropagation}
    >
      {text}
    </Link>
  );
};

/** The test, with its accession number beneath. */
export const HoldTest = () => {
  const record = useRecordContext<ResultHold>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      {record.test_name}
      <Box component="span" sx={SECONDARY}>
        {translate('portal.result_holds.accession', { accession: record.accession_number })}
      </Box>
    </>
  );
};

/** The basis in words, with a state-law rule's own citation beneath. */
export const HoldBasis = () => {
  const record = useRecordContext<ResultHold>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      {translate(`portal.result_holds.basis.${record.basis}`)}
      {record.citation ? (
        <Box component="span" sx={SECONDARY}>
          {record.citation}
        </Box>
      ) : null}
    </>
  );
};

export const HoldPlaced = () => {
  const record = useRecordContext<ResultHold>();
  const timeZone = useOrganizationTimeZone();
  return record ? <>{formatDateTime(record.placed_at, timeZone)}</> : null;
};

/** When it ends; an open hold past its end says so in words, not colour alone. */
export const HoldEnds = () => {
  const record = useRecordContext<ResultHold>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  return (
    <>
      {holdEndInWords(translate, record, timeZone)}
      {record.overdue ? <Chip size="small" color="error" label={translate('portal.result_holds.overdue')} sx={{ ml: 1 }} /> : null}
    </>
  );
};

/** Open, or how it ended, by whom and why. */
export const HoldStatus = () => {
  const record = useRecordContext<ResultHold>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record) return null;
  return (
    <>
      {holdStatusInWords(translate, record, timeZone)}
      {record.end_reason ? (
        <Box component="span" sx={SECONDARY}>
          {translate('portal.result_holds.end_reason', { reason: record.end_reason })}
        </Box>
      ) : null}
    </>
  );
};
