import { useRecordContext } from 'react-admin';

/** A setting's value as people read it: numbers grouped, text as is. */
export const SettingValue = () => {
  const record = useRecordContext<{ value: unknown }>();
  if (!record) return null;
  const { value } = record;
  return <>{typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}</>;
};
