import Typography from '@mui/material/Typography';
import { AutocompleteInput, Edit, NumberInput, SimpleForm, TextInput, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import type { Setting as SettingRecord } from '@portaldesk/admin-api/contract';
import { useSettingName } from './SettingValue.tsx';

/** Only what the API's PUT reads: the value and the version that was read (409 if stale). */
const toUpdateBody = ({ value, version }: SettingRecord) => ({ value, version });

/** Every IANA time zone this browser knows, as the choices of the organization's zone. */
const TIME_ZONES = Intl.supportedValuesOf('timeZone').map((zone) => ({ id: zone, name: zone.replace(/_/g, ' ') }));

/** The input that fits the stored value: settings are whole numbers or short texts; the time zone is picked from the list. */
const ValueInput = () => {
  const record = useRecordContext<SettingRecord>();
  const translate = useTranslate();
  const settingName = useSettingName();
  if (!record) return null;
  const helperText = translate('portal.settings.value_help');
  const label = settingName(record.id);
  if (record.id === 'organization.time_zone') {
    // A zone stored before this list existed (or one this browser lacks) stays choosable.
    const known = TIME_ZONES.some((zone) => zone.id === record.value);
    const choices = known ? TIME_ZONES : [{ id: String(record.value), name: String(record.value) }, ...TIME_ZONES];
    return <AutocompleteInput source="value" label={label} choices={choices} helperText={helperText} disableClearable autoFocus />;
  }
  return typeof record.value === 'number' ? (
    <NumberInput source="value" label={label} step={1} helperText={helperText} autoFocus />
  ) : (
    <TextInput source="value" label={label} helperText={helperText} autoFocus />
  );
};

const Description = () => {
  const record = useRecordContext<SettingRecord>();
  return record ? (
    <Typography variant="body1" sx={{ mb: 2 }}>
      {record.description}
    </Typography>
  ) : null;
};

/**
 * Changes one setting. The server checks the value against that setting's rule and answers
 * the reason on the field; a save over someone else's newer change is refused (409).
 */
export const SettingEdit = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  const settingName = useSettingName();
  const saved = (setting: SettingRecord) => {
    const value = typeof setting.value === 'number' ? setting.value.toLocaleString('en-US') : setting.value;
    notify('portal.settings.saved', { type: 'success', messageArgs: { name: settingName(setting.id), value } });
    redirect('list', 'settings');
  };
  return (
    <Edit mutationMode="pessimistic" transform={toUpdateBody} mutationOptions={{ onSuccess: saved }}>
      <SimpleForm>
        <Description />
        <TextInput source="id" disabled />
        <ValueInput />
      </SimpleForm>
    </Edit>
  );
};
