import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { maxLength, NumberInput, regex, required, SelectInput, TextInput, useTranslate, type Validator } from 'react-admin';
import type { ResultCategory, ResultCategoryChange } from '@portaldesk/admin-api/contract';

type ProxyCategory = NonNullable<ResultCategory['proxy_category']>;

/** The form's values: the API's bodies, and on edit the id and version that were read. */
export interface CategoryFormValues {
  id?: ResultCategory['id'];
  code: string;
  name: string;
  proxy_category: ProxyCategory | '' | null;
  hold_citation: string | null;
  hold_days: number | null;
  version?: number;
}

/** The sensitive categories a result category may be hidden from proxies as: every one the API accepts (a Record, so none is missed). */
const OFFERED: Record<ProxyCategory, true> = { reproductive_sexual_health: true, sti_hiv: true, mental_health: true, substance_use: true };
const PROXY_CATEGORIES = Object.keys(OFFERED) as ProxyCategory[];

const blank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** The fields both bodies carry (all but the code and the version), as the form holds them: nothing blank is sent as text. */
export const categoryFields = ({ name, proxy_category, hold_citation, hold_days }: CategoryFormValues): Omit<ResultCategoryChange, 'version'> => ({
  name: name.trim(),
  proxy_category: proxy_category || null,
  hold_citation: blank(hold_citation) ? null : hold_citation!.trim(),
  hold_days: blank(hold_days) ? null : hold_days,
});

// The API's rules (admin-api result-categories.schema.ts), checked before sending; the server keeps the last word.
const validateCode = [required(), regex(/^[a-z][a-z0-9_]{1,39}$/, 'portal.result_categories.code_rule')];
const validateName = [required(), maxLength(100)];
// A standing rule needs both its citation and its days.
const citationWithDays: Validator = (value, values: CategoryFormValues) =>
  blank(value) && !blank(values.hold_days) ? 'portal.result_categories.citation_required' : undefined;
const daysWithCitation: Validator = (value, values: CategoryFormValues) =>
  blank(value) && !blank(values.hold_citation) ? 'portal.result_categories.days_required' : undefined;
const daysInRange: Validator = (value) =>
  blank(value) || (Number.isInteger(value) && value >= 1 && value <= 30) ? undefined : 'portal.result_categories.days_range';
const validateCitation = [maxLength(300), citationWithDays];
const validateDays = [daysWithCitation, daysInRange];

/**
 * The result-category form, shared by Create and Edit: its code (fixed once created), its name,
 * the sensitive category proxies are kept from it as, and its optional state-law standing rule.
 */
export const ResultCategoryInputs = ({ editing = false }: { editing?: boolean }) => {
  const translate = useTranslate();
  const choices = PROXY_CATEGORIES.map((category) => ({ id: category, name: translate(`portal.proxies.category.${category}`) }));
  return (
    <>
      <TextInput
        source="code"
        validate={validateCode}
        readOnly={editing}
        helperText={editing ? 'portal.result_categories.code_fixed' : 'portal.result_categories.code_help'}
        autoComplete="off"
        sx={{ width: 420 }}
      />
      <TextInput source="name" validate={validateName} helperText="portal.result_categories.name_help" sx={{ width: 420 }} />
      <SelectInput
        source="proxy_category"
        choices={choices}
        emptyText="portal.result_categories.not_hidden"
        helperText="portal.result_categories.proxy_help"
        sx={{ width: 420 }}
      />
      <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mt: 2, maxWidth: 640 }}>
        <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {translate('portal.result_categories.rule_title')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('portal.result_categories.rule_intro')}
        </Typography>
        <TextInput source="hold_citation" validate={validateCitation} multiline minRows={2} helperText="portal.result_categories.citation_help" />
        <NumberInput source="hold_days" validate={validateDays} step={1} min={1} max={30} helperText="portal.result_categories.days_help" sx={{ width: 240 }} />
      </Box>
    </>
  );
};
