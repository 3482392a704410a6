import { useRecordContext, useTranslate } from 'react-admin';

/**
 * What a staff member did, in plain words ("Opened the record"). Inside one patient's ledger
 * some entries read better about "this" record. Unknown pairs fall back to "action · resource"
 * so a new API verb still reads sensibly.
 */
export const AccessDescription = ({ inLedger = false }: { inLedger?: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const general = translate(`portal.access.${record.resource}.${record.action}`, { _: `${record.action} · ${record.resource}` });
  return <>{inLedger ? translate(`portal.ledger.access.${record.resource}.${record.action}`, { _: general }) : general}</>;
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
