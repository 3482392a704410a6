import { useState, type FormEvent, type ReactNode } from 'react';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import { useListContext } from 'react-admin';

/**
 * A list's search form state: the criteria as typed, read from the list's filter (`criteriaOf`)
 * and applied as one (`filterOf`) on `submit` only, never per change, since each look at a queue
 * lists patients and is recorded in their access ledgers. `clear` goes back to `defaultFilter`.
 */
export function useSearchCriteria<Criteria, Filter extends object>({
  criteriaOf,
  filterOf,
  defaultFilter,
}: {
  criteriaOf: (filter: Filter) => Criteria;
  filterOf: (criteria: Criteria) => Filter;
  defaultFilter: Filter;
}) {
  const { filterValues, setFilters } = useListContext();
  const [criteria, setCriteria] = useState<Criteria>(() => criteriaOf(filterValues));
  const change = (patch: Partial<Criteria>) => setCriteria((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(filterOf(criteria), {}, false);
  };

  const clear = () => {
    setCriteria(criteriaOf(defaultFilter));
    setFilters(defaultFilter, {}, false);
  };

  return { criteria, change, submit, clear };
}

/**
 * A search form's drop-down of `children` (MenuItems). Its blank helper text keeps it level with
 * the fields beside it that have one.
 */
export const SelectFilter = <Value extends string>({
  name,
  label,
  value,
  onChange,
  minWidth,
  children,
}: {
  name: string;
  label: string;
  value: Value;
  onChange: (value: Value) => void;
  minWidth: number;
  children: ReactNode;
}) => (
  <TextField
    fullWidth={false}
    select
    name={name}
    label={label}
    value={value}
    onChange={(event) => onChange(event.target.value as Value)}
    helperText=" "
    sx={{ minWidth }}
  >
    {children}
  </TextField>
);

/** A search form's checkbox, its label beside it, set level with the fields' boxes. */
export const CheckboxFilter = ({ name, label, checked, onChange }: { name: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) => (
  <FormControlLabel sx={{ pt: 1 }} control={<Checkbox name={name} checked={checked} onChange={(event) => onChange(event.target.checked)} />} label={label} />
);
