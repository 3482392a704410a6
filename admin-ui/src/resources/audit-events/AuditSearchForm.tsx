import { useState, type FormEvent } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useListContext, useTranslate } from 'react-admin';
import { SearchForm } from '../../components/SearchForm.tsx';
import { useDateRange } from '../../components/DateRangeFields.tsx';

const OUTCOMES = ['success', 'denied', 'failed'] as const;

interface Criteria {
  staff_username: string;
  patient_mrn: string;
  outcome: string;
  action: string;
  resource: string;
}

const NO_CRITERIA: Criteria = { staff_username: '', patient_mrn: '', outcome: '', action: '', resource: '' };

/**
 * The audit log's search: applied on Enter or "Search", never per keystroke, since every search
 * of the audit log is itself an audit row. The patient is named by MRN, the days by date: no
 * internal id is asked for, and a date that is not one stops the search with a reason.
 */
export const AuditSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const [criteria, setCriteria] = useState<Criteria>(() => ({
    ...NO_CRITERIA,
    ...Object.fromEntries(Object.entries(filterValues).filter(([key]) => key in NO_CRITERIA)),
  }));
  const range = useDateRange(filterValues);

  const change = (field: keyof Criteria) => (event: { target: { value: string } }) => setCriteria((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const days = range.resolve();
    if (!days) return;
    const filter: Record<string, string> = { ...days };
    for (const field of Object.keys(NO_CRITERIA) as (keyof Criteria)[]) {
      const value = criteria[field].trim();
      if (value) filter[field] = value;
    }
    setFilters(filter, {}, false);
  };

  const clear = () => {
    setCriteria(NO_CRITERIA);
    range.clear();
    setFilters({}, {}, false);
  };

  const field = (name: 'staff_username' | 'patient_mrn' | 'action' | 'resource', label: string, helperText?: string, minWidth = 160) => (
    <TextField
      fullWidth={false}
      name={name}
      label={translate(label)}
      helperText={helperText ? translate(helperText) : ' '}
      value={criteria[name]}
      onChange={change(name)}
      autoComplete="off"
      sx={{ minWidth, flex: `1 1 ${minWidth}px` }}
    />
  );

  return (
    <SearchForm label={translate('portal.audit.search_label')} onSubmit={submit} onClear={clear}>
      {field('staff_username', 'resources.audit-events.fields.staff_username')}
      {field('patient_mrn', 'portal.audit.patient_mrn', 'portal.audit.patient_mrn_help')}
      <TextField
        fullWidth={false}
        select
        name="outcome"
        label={translate('resources.audit-events.fields.outcome')}
        value={criteria.outcome}
        onChange={change('outcome')}
        helperText=" "
        sx={{ minWidth: 150 }}
      >
        <MenuItem value="">{translate('portal.audit.any_outcome')}</MenuItem>
        {OUTCOMES.map((outcome) => (
          <MenuItem key={outcome} value={outcome}>
            {translate(`portal.audit.outcomes.${outcome}`)}
          </MenuItem>
        ))}
      </TextField>
      {range.fields}
      {field('action', 'resources.audit-events.fields.action', 'portal.audit.action_help', 140)}
      {field('resource', 'resources.audit-events.fields.resource', 'portal.audit.resource_help', 140)}
    </SearchForm>
  );
};
