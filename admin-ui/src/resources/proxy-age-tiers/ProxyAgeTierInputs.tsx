import { CheckboxGroupInput, maxValue, minValue, NumberInput, required, useTranslate } from 'react-admin';
import type { SensitiveCategory } from '../proxy-relationships/messages.ts';

/** The form's values: the API's body (admin-api proxy-age-tiers.schema.ts), and the id being edited. */
export interface TierFormValues {
  id?: string;
  state?: string;
  teenFromAge: number;
  adultAtAge: number;
  hiddenCategories: SensitiveCategory[];
  version?: number;
}

/** The categories the age rules may hide from parents of teenagers: every one the API accepts (a Record, so none is missed). */
const OFFERED: Record<SensitiveCategory, true> = { reproductive_sexual_health: true, sti_hiv: true, mental_health: true, substance_use: true };
export const SENSITIVE_CATEGORIES = Object.keys(OFFERED) as SensitiveCategory[];

// The API's ranges, checked before sending (they also keep the teen age below the adult age); the server keeps the last word.
const validateTeen = [required(), minValue(1, 'portal.age_tiers.teen_range'), maxValue(17, 'portal.age_tiers.teen_range')];
const validateAdult = [required(), minValue(18, 'portal.age_tiers.adult_range'), maxValue(21, 'portal.age_tiers.adult_range')];

/** The age-rules form, shared by Create and Edit: the two ages and what parents of teenagers do not see. */
export const ProxyAgeTierInputs = () => {
  const translate = useTranslate();
  const choices = SENSITIVE_CATEGORIES.map((category) => ({ id: category, name: translate(`portal.proxies.category.${category}`) }));
  return (
    <>
      <NumberInput source="teenFromAge" step={1} min={1} max={17} validate={validateTeen} helperText="portal.age_tiers.teen_help" sx={{ width: 360 }} />
      <NumberInput source="adultAtAge" step={1} min={18} max={21} validate={validateAdult} helperText="portal.age_tiers.adult_help" sx={{ width: 360 }} />
      <CheckboxGroupInput source="hiddenCategories" choices={choices} row={false} helperText="portal.age_tiers.hidden_help" />
    </>
  );
};
