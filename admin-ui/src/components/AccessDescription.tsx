import { useRecordContext, useTranslate } from 'react-admin';
import { describeAuditEvent, describeLedgerEntry, type AccessLedgerEntry, type AuditEvent } from '@portaldesk/admin-api/contract';

/**
 * What happened, in the words of the API's one table of audit labels (the CSV export uses the
 * same): "Viewed the portal account of SMITH, Ada (MRN 10000172)". Inside one patient's ledger
 * the sentence is about "this" record. A pair the table lacks reads as its codes in words.
 */
export const AccessDescription = ({ inLedger = false }: { inLedger?: boolean }) => {
  const record = useRecordContext<AuditEvent | AccessLedgerEntry>();
  if (!record) return null;
  return <>{inLedger ? describeLedgerEntry(record as AccessLedgerEntry) : describeAuditEvent(record as AuditEvent)}</>;
};

/** The staff member of an audit row: display name, then username. */
export const StaffMember = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  if (!record.staff_username) return <span>{translate('portal.audit.no_staff')}</span>;
  return (
    <span>
      {record.staff_display_name ?? record.staff_username}
      {record.staff_display_name ? <span style={{ opacity: 0.7 }}> ({record.staff_username})</span> : null}
    </span>
  );
};
