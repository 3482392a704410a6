import { useState, type FormEvent } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useListContext, useTranslate } from 'react-admin';
import type { ResultHold, ResultHoldListFilter } from '@portaldesk/admin-api/contract';
import { SearchForm } from '../../components/SearchForm.tsx';
import { TypedDateField, typedFormOf, useDateReader } from '../../components/TypedDateField.tsx';

type Basis = ResultHold['basis'];
type Ending = NonNullable<ResultHold['ended_how']>;

const BASES: Basis[] = ['patient_request', 'preventing_harm', 'state_law'];
const ENDINGS: Ending[] = ['expired', 'released_now', 'basis_withdrawn', 'superseded', 'recategorized'];

/** One choice for where a hold stands: the API's `open` and `ended_how` together, so they never contradict. */
type Status = '' | 'open' | 'ended' | Ending;

const statusOf = (filter: ResultHoldListFilter): Status => {
  if (filter.ended_how) return filter.ended_how;
  if (filter.open === true) return 'open';
  if (filter.open === false) return 'ended';
  return '';
};

const statusFilter = (status: Status): Pick<ResultHoldListFilter, 'open' | 'ended_how'> => {
  if (status === '') return {};
  if (status === 'open') return { open: true };
  if (status === 'ended') return { open: false };
  return { open: false, ended_how: status };
};

/**
 * The register's filters, applied on "Search" (or Enter), never per change: each look at the
 * register lists patients and is recorded in their access ledgers. A patient the register was
 * opened for (`patient_id`, from the URL) stays chosen; the list's notice offers to drop it.
 */
export const ResultHoldSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const filter = filterValues as ResultHoldListFilter;
  const translate = useTranslate();
  const readDate = useDateReader();
  const [basis, setBasis] = useState<Basis | ''>(filter.basis ?? '');
  const [status, setStatus] = useState<Status>(statusOf(filter));
  const [days, setDays] = useState({ from: typedFormOf(filter.placed_from), to: typedFormOf(filter.placed_to) });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = readDate(days.from);
    const to = readDate(days.to);
    const found = {
      from: from.kind === 'invalid' ? from.problem : undefined,
      to:
        to.kind === 'invalid'
          ? to.problem
          : from.kind === 'date' && to.kind === 'date' && from.iso > to.iso
            ? translate('portal.dates.from_after_until')
            : undefined,
    };
    setErrors(found);
    // A range is never dropped unsaid: the field says what is wrong and nothing is asked.
    if (found.from || found.to) return;
    const next: ResultHoldListFilter = {
      ...(filter.patient_id ? { patient_id: filter.patient_id } : {}),
      ...(basis ? { basis } : {}),
      ...statusFilter(status),
      ...(from.kind === 'date' ? { placed_from: from.iso } : {}),
      ...(to.kind === 'date' ? { placed_to: to.iso } : {}),
    };
    setFilters(next, {}, false);
  };

  const clear = () => {
    setBasis('');
    setStatus('');
    setDays({ from: '', to: '' });
    setErrors({});
    setFilters(filter.patient_id ? { patient_id: filter.patient_id } : {}, {}, false);
  };

  const dateField = (name: 'from' | 'to') => (
    <TypedDateField
      name={`placed_${name}`}
      label={translate(`portal.result_holds.search.placed_${name}`)}
      text={days[name]}
      error={errors[name]}
      onTextChange={(typed) => {
        setDays((current) => ({ ...current, [name]: typed }));
        setErrors((current) => ({ ...current, [name]: undefined }));
      }}
    />
  );

  return (
    <SearchForm label={translate('portal.result_holds.search.label')} onSubmit={submit} onClear={clear}>
      <TextField
        fullWidth={false}
        select
        name="basis"
        label={translate('resources.result-holds.fields.basis')}
        value={basis}
        onChange={(event) => setBasis(event.target.value as Basis | '')}
        helperText=" "
        sx={{ minWidth: 280 }}
      >
        <MenuItem value="">{translate('portal.result_holds.search.any_basis')}</MenuItem>
        {BASES.map((id) => (
          <MenuItem key={id} value={id}>
            {translate(`portal.result_holds.basis.${id}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth={false}
        select
        name="status"
        label={translate('portal.result_holds.search.status')}
        value={status}
        onChange={(event) => setStatus(event.target.value as Status)}
        helperText=" "
        sx={{ minWidth: 240 }}
      >
        <MenuItem value="">{translate('portal.result_holds.search.any_status')}</MenuItem>
        <MenuItem value="open">{translate('portal.result_holds.open')}</MenuItem>
        <MenuItem value="ended">{translate('portal.result_holds.search.ended_any')}</MenuItem>
        {ENDINGS.map((id) => (
          <MenuItem key={id} value={id}>
            {translate(`portal.result_holds.ending_choice.${id}`)}
          </MenuItem>
        ))}
      </TextField>
      {dateField('from')}
      {dateField('to')}
    </SearchForm>
  );
};
