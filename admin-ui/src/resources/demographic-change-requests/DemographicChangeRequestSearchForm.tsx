import { useState, type FormEvent } from 'react';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useListContext, useTranslate } from 'react-admin';
import type { DemographicChangeRequest, DemographicChangeRequestListFilter } from '@portaldesk/admin-api/contract';
import { SearchForm } from '../../components/SearchForm.tsx';

type Status = DemographicChangeRequest['status'];
const STATUSES: Status[] = ['submitted', 'reviewed'];

/** The filters the queue sends (patient_id is the patient page's, not the queue's). */
export type ChangeRequestFilter = Omit<DemographicChangeRequestListFilter, 'patient_id'>;

/** The queue's default: every request waiting for review. */
export const WAITING: ChangeRequestFilter = { status: 'submitted' };

interface Criteria {
  /** A status, or '' for any. */
  status: Status | '';
  overdue: boolean;
}

const criteriaOf = (filter: ChangeRequestFilter): Criteria => ({ status: filter.status ?? '', overdue: filter.overdue === true });

/** True when the queue shows what it shows by default (requests waiting, nothing else asked). */
export const isDefaultFilter = (filter: ChangeRequestFilter) => Object.keys(filter).length === 1 && filter.status === 'submitted';

/**
 * The queue's filters, applied on "Search" (or Enter), never per change: each look at the queue
 * lists patients and is recorded in their access ledgers.
 */
export const DemographicChangeRequestSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const [criteria, setCriteria] = useState<Criteria>(() => criteriaOf(filterValues));
  const change = (patch: Partial<Criteria>) => setCriteria((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filter: ChangeRequestFilter = {};
    if (criteria.status) filter.status = criteria.status;
    if (criteria.overdue) filter.overdue = true;
    setFilters(filter, {}, false);
  };

  const clear = () => {
    setCriteria(criteriaOf(WAITING));
    setFilters(WAITING, {}, false);
  };

  return (
    <SearchForm label={translate('portal.demographic_changes.search.label')} onSubmit={submit} onClear={clear}>
      <TextField
        fullWidth={false}
        select
        name="status"
        label={translate('resources.demographic-change-requests.fields.status')}
        value={criteria.status}
        onChange={(event) => change({ status: event.target.value as Status | '' })}
        helperText=" "
        sx={{ minWidth: 220 }}
      >
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {translate(`portal.demographic_changes.status.${status}`)}
          </MenuItem>
        ))}
        <MenuItem value="">{translate('portal.demographic_changes.search.any_status')}</MenuItem>
      </TextField>
      <FormControlLabel
        sx={{ pt: 1 }}
        control={<Checkbox name="overdue" checked={criteria.overdue} onChange={(event) => change({ overdue: event.target.checked })} />}
        label={translate('portal.demographic_changes.search.overdue_only')}
      />
    </SearchForm>
  );
};
