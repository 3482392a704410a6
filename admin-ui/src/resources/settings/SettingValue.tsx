import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate } from 'react-admin';

/** A setting's value as people read it: numbers grouped, text as is. */
export const SettingValue = () => {
  const record = useRecordContext<{ value: unknown }>();
  if (!record) return null;
  const { value } = record;
  return <>{typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}</>;
};

/** A setting's name in words, its key as a fallback for one the console does not know yet. */
export const useSettingName = () => {
  const translate = useTranslate();
  return (key: string) => translate(`portal.settings.names.${key}`, { _: key });
};

/** The setting's name, with what it does beneath. */
export const SettingName = () => {
  const record = useRecordContext<{ id: string; description: string }>();
  const settingName = useSettingName();
  if (!record) return null;
  return (
    <>
      <Typography variant="body2" component="div" sx={{ fontWeight: 500 }}>
        {settingName(record.id)}
      </Typography>
      <Typography variant="body2" component="div" color="text.secondary">
        {record.description}
      </Typography>
    </>
  );
};
