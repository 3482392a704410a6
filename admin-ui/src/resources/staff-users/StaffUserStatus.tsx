import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate } from 'react-admin';

/** Active or deactivated, at a glance. */
export const ActiveChip = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return record.active ? (
    <Chip size="small" color="success" variant="outlined" label={translate('portal.staff_users.status.active')} />
  ) : (
    <Chip size="small" label={translate('portal.staff_users.status.deactivated')} />
  );
};

/** Whether they have chosen a password yet (a new account waits for its one-time link). */
export const PasswordState = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Typography component="span" variant="body2">
      {translate(record.password_set ? 'portal.staff_users.password.set' : 'portal.staff_users.password.waiting')}
    </Typography>
  );
};
