import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import { useRecordContext, useTranslate } from 'react-admin';

/** The record's roles as labelled chips. */
export const RoleChips = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const roles: string[] = record?.roles ?? [];
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {roles.map((role) => (
        <Chip key={role} size="small" variant="outlined" label={translate(`portal.roles.${role}.name`, { _: role })} />
      ))}
    </Stack>
  );
};
