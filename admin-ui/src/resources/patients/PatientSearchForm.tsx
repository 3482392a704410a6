import { useState, type FormEvent } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useListContext, useTranslate } from 'react-admin';
import { SearchForm } from '../../components/SearchForm.tsx';
import { TypedDateField, typedFormOf, useDateReader } from '../../components/TypedDateField.tsx';
import type { PatientListFilter as PatientFilter } from '@portaldesk/admin-api/contract';

export type { PatientFilter };

interface Criteria {
  q: string;
  match: 'prefix' | 'contains';
  mrn: string;
  date_of_birth: string;
}

const NO_CRITERIA: Criteria = { q: '', match: 'prefix', mrn: '', date_of_birth: '' };
const CONTAINS_MIN_LENGTH = 3;

/** True when the filter holds something to search by; the API answers nothing otherwise. */
export function hasCriteria(filter: PatientFilter): boolean {
  return Boolean(filter.q || filter.mrn || filter.date_of_birth);
}

function toFilter(criteria: Criteria, dateOfBirth: string | undefined): PatientFilter {
  const filter: PatientFilter = {};
  const q = criteria.q.trim();
  const mrn = criteria.mrn.trim();
  if (q) filter.q = q;
  if (q && criteria.match === 'contains') filter.match = 'contains';
  if (mrn) filter.mrn = mrn;
  if (dateOfBirth) filter.date_of_birth = dateOfBirth;
  return filter;
}

/**
 * The patient search: always visible, and applied on Enter or "Search" rather than on every
 * keystroke, because each search is recorded in the audit trail and half-typed names are noise.
 */
export const PatientSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const [criteria, setCriteria] = useState<Criteria>(() => ({ ...NO_CRITERIA, ...filterValues, date_of_birth: typedFormOf(filterValues.date_of_birth) }));
  const [nameError, setNameError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);
  const readDate = useDateReader(true);

  const change = (field: keyof Criteria) => (event: { target: { value: string } }) => setCriteria((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A date that is not one stops the search: it is never dropped from the criteria unsaid.
    const birth = readDate(criteria.date_of_birth);
    setDateError(birth.kind === 'invalid' ? birth.problem : null);
    const filter = toFilter(criteria, birth.kind === 'date' ? birth.iso : undefined);
    const nameProblem =
      filter.match === 'contains' && (filter.q?.length ?? 0) < CONTAINS_MIN_LENGTH
        ? translate('portal.patients.search.contains_too_short', { count: CONTAINS_MIN_LENGTH })
        : null;
    setNameError(nameProblem);
    if (nameProblem || birth.kind === 'invalid') return;
    setFilters(filter, {});
  };

  const clear = () => {
    setCriteria(NO_CRITERIA);
    setNameError(null);
    setDateError(null);
    setFilters({}, {});
  };

  return (
    <SearchForm label={translate('portal.patients.search.label')} onSubmit={submit} onClear={clear}>
      <TextField
        fullWidth={false}
        name="q"
        label={translate('portal.patients.search.name')}
        placeholder={translate('portal.patients.search.name_placeholder')}
        helperText={nameError ?? translate('portal.patients.search.name_help')}
        error={nameError !== null}
        value={criteria.q}
        onChange={change('q')}
        autoFocus
        autoComplete="off"
        sx={{ minWidth: 280, flex: '2 1 280px' }}
      />
      <TextField
        fullWidth={false}
        select
        name="match"
        label={translate('portal.patients.search.match')}
        value={criteria.match}
        onChange={change('match')}
        sx={{ minWidth: 150 }}
      >
        <MenuItem value="prefix">{translate('portal.patients.search.match_prefix')}</MenuItem>
        <MenuItem value="contains">{translate('portal.patients.search.match_contains')}</MenuItem>
      </TextField>
      <TextField
        fullWidth={false}
        name="mrn"
        label={translate('portal.patients.search.mrn')}
        value={criteria.mrn}
        onChange={change('mrn')}
        autoComplete="off"
        sx={{ minWidth: 140, flex: '1 1 140px' }}
      />
      <TypedDateField
        name="date_of_birth"
        label={translate('portal.patients.search.date_of_birth')}
        text={criteria.date_of_birth}
        onTextChange={(text) => {
          setCriteria((current) => ({ ...current, date_of_birth: text }));
          setDateError(null);
        }}
        error={dateError}
        past
      />
    </SearchForm>
  );
};
