import MenuItem from '@mui/material/MenuItem';
import { useTranslate } from 'react-admin';
import type { DemographicChangeRequest, DemographicChangeRequestListFilter } from '@portaldesk/admin-api/contract';
import { CheckboxFilter, SelectFilter, useSearchCriteria } from '../../components/SearchCriteria.tsx';
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

const filterOf = (criteria: Criteria): ChangeRequestFilter => {
  const filter: ChangeRequestFilter = {};
  if (criteria.status) filter.status = criteria.status;
  if (criteria.overdue) filter.overdue = true;
  return filter;
};

/** True when the queue shows what it shows by default (requests waiting, nothing else asked). */
export const isDefaultFilter = (filter: ChangeRequestFilter) => Object.keys(filter).length === 1 && filter.status === 'submitted';

/**
 * The queue's filters, applied on "Search" (or Enter), never per change: each look at the queue
 * lists patients and is recorded in their access ledgers.
 */
export const DemographicChangeRequestSearchForm = () => {
  const translate = useTranslate();
  const { criteria, change, submit, clear } = useSearchCriteria({ criteriaOf, filterOf, defaultFilter: WAITING });

  return (
    <SearchForm label={translate('portal.demographic_changes.search.label')} onSubmit={submit} onClear={clear}>
      <SelectFilter
        name="status"
        label={translate('resources.demographic-change-requests.fields.status')}
        value={criteria.status}
        onChange={(status) => change({ status })}
        minWidth={220}
      >
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {translate(`portal.demographic_changes.status.${status}`)}
          </MenuItem>
        ))}
        <MenuItem value="">{translate('portal.demographic_changes.search.any_status')}</MenuItem>
      </SelectFilter>
      <CheckboxFilter
        name="overdue"
        label={translate('portal.demographic_changes.search.overdue_only')}
        checked={criteria.overdue}
        onChange={(overdue) => change({ overdue })}
      />
    </SearchForm>
  );
};
