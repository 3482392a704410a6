import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';

/** The desk's location, typed once and remembered on this computer. */
export const DeskLocationField = ({ value, onChange }: { value: string; onChange: (location: string) => void }) => {
  const translate = useTranslate();
  return (
    <TextField
      size="small"
      label={translate('portal.batch.location')}
      helperText={translate('portal.batch.location_help')}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{ htmlInput: { maxLength: 100 } }}
      sx={{ minWidth: 240, maxWidth: 420, alignSelf: 'flex-start' }}
    />
  );
};
