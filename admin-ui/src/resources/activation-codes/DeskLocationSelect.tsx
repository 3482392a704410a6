import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslate } from 'react-admin';
import { apiErrorBody } from '../../providers/httpClient.ts';
import type { DeskLocationChoice } from './useDeskLocation.ts';

/**
 * Where the code is handed over: one of the active desk locations an admin keeps, never free
 * text, so the weekly report counts each desk once. `showMissing` marks it as an error once
 * someone tried to issue without choosing.
 */
export const DeskLocationSelect = ({ choice, showMissing = false }: { choice: DeskLocationChoice; showMissing?: boolean }) => {
  const translate = useTranslate();
  const { locations, loadError, chosen } = choice;
  const none = locations !== undefined && locations.length === 0;
  const helperText = loadError
    ? (apiErrorBody(loadError)?.message ?? translate('portal.desk_locations.load_failed'))
    : none
      ? translate('portal.desk_locations.none_yet')
      : showMissing && choice.missing
        ? translate('portal.desk_locations.choose_first')
        : translate('portal.desk_locations.pick_help');
  return (
    <TextField
      select
      size="small"
      label={translate('portal.desk_locations.pick')}
      value={chosen?.id ?? ''}
      onChange={(event) => choice.choose(Number(event.target.value))}
      required={!none && !loadError}
      disabled={locations === undefined || none}
      error={Boolean(loadError) || (showMissing && choice.missing)}
      helperText={helperText}
      sx={{ minWidth: 280, maxWidth: 420, alignSelf: 'flex-start' }}
    >
      {(locations ?? []).map((location) => (
        <MenuItem key={location.id} value={location.id}>
          {location.name}
        </MenuItem>
      ))}
    </TextField>
  );
};
