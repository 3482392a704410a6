import { useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import SearchIcon from '@mui/icons-material/Search';
import { useListContext, useTranslate } from 'react-admin';
import { useOrganizationTimeZone } from '../../components/dates.tsx';
import { TypedDateField, typedFormOf, useDateReader } from '../../components/TypedDateField.tsx';
import { nextDay, startOfDayIn, todayIn } from '../../components/typed-date.ts';

const OUTCOMES = ['success', 'denied', 'failed'] as const;

interface Criteria {
  staff_username: string;
  patient_mrn: string;
  outcome: string;
  action: string;
  resource: string;
  /** The days as typed; the filter holds the instants they start and end at, in the organization's zone. */
  from: string;
  until: string;
}

const NO_CRITERIA: Criteria = { staff_username: '', patient_mrn: '', outcome: '', action: '', resource: '', from: '', until: '' };

/** The day an instant falls on in `timeZone`, as typed back into the form. */
const dayOf = (instant: unknown, timeZone: string | undefined, daysBack = 0) => {
  if (typeof instant !== 'string') return '';
  return typedFormOf(todayIn(timeZone, new Date(new Date(instant).getTime() - daysBack * 86_400_000)));
};

/**
 * The audit log's search: applied on Enter or "Search", never per keystroke, since every search
 * of the audit log is itself an audit row. The patient is named by MRN, the days by date: no
 * internal id is asked for, and a date that is not one stops the search with a reason.
 */
export const AuditSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone() ?? 'America/New_York';
  const readDate = useDateReader();
  const [criteria, setCriteria] = useState<Criteria>(() => ({
    ...NO_CRITERIA,
    ...Object.fromEntries(Object.entries(filterValues).filter(([key]) => key in NO_CRITERIA)),
    from: dayOf(filterValues.occurred_after, timeZone),
    // The filter's upper bound is the start of the day after the one typed.
    until: dayOf(filterValues.occurred_before, timeZone, 1),
  }));
  const [dateErrors, setDateErrors] = useState<{ from?: string; until?: string }>({});

  const change = (field: keyof Criteria) => (event: { target: { value: string } }) => setCriteria((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = readDate(criteria.from);
    const until = readDate(criteria.until);
    const errors = {
      from: from.kind === 'invalid' ? from.problem : undefined,
      until:
        until.kind === 'invalid'
          ? until.problem
          : from.kind === 'date' && until.kind === 'date' && from.iso > until.iso
            ? translate('portal.dates.from_after_until')
            : undefined,
    };
    setDateErrors(errors);
    if (errors.from || errors.until) return;
    const filter: Record<string, string> = {};
    for (const field of ['staff_username', 'patient_mrn', 'outcome', 'action', 'resource'] as const) {
      const value = criteria[field].trim();
      if (value) filter[field] = value;
    }
    if (from.kind === 'date') filter.occurred_after = startOfDayIn(from.iso, timeZone);
    if (until.kind === 'date') filter.occurred_before = startOfDayIn(nextDay(until.iso), timeZone);
    setFilters(filter, {}, false);
  };

  const clear = () => {
    setCriteria(NO_CRITERIA);
    setDateErrors({});
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
    <Box
      component="form"
      role="search"
      aria-label={translate('portal.audit.search_label')}
      onSubmit={submit}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start', pt: 2, pb: 1, width: '100%' }}
    >
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
      {(['from', 'until'] as const).map((name) => (
        <TypedDateField
          key={name}
          name={name}
          label={translate(`portal.audit.${name}`)}
          text={criteria[name]}
          error={dateErrors[name]}
          onTextChange={(text) => {
            setCriteria((current) => ({ ...current, [name]: text }));
            setDateErrors((current) => ({ ...current, [name]: undefined }));
          }}
        />
      ))}
      {field('action', 'resources.audit-events.fields.action', 'portal.audit.action_help', 140)}
      {field('resource', 'resources.audit-events.fields.resource', 'portal.audit.resource_help', 140)}
      <Box sx={{ display: 'flex', gap: 1, pt: 1 }}>
        <Button type="submit" variant="contained" startIcon={<SearchIcon />}>
          {translate('portal.patients.search.submit')}
        </Button>
        <Button type="button" onClick={clear}>
          {translate('portal.patients.search.clear')}
        </Button>
      </Box>
    </Box>
  );
};
