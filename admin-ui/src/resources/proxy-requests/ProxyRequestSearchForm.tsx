import MenuItem from '@mui/material/MenuItem';
import { useGetIdentity, useTranslate } from 'react-admin';
import type { ProxyRequestListFilter } from '@portaldesk/admin-api/contract';
import { CheckboxFilter, SelectFilter, useSearchCriteria } from '../../components/SearchCriteria.tsx';
import { SearchForm } from '../../components/SearchForm.tsx';

const STATUSES = ['submitted', 'more_info_requested', 'approved', 'denied', 'withdrawn'] as const;
const KINDS = ['minor', 'adult'] as const;

/** The queue's default: every request still waiting for a decision. */
export const OPEN_REQUESTS: ProxyRequestListFilter = { open: true };

interface Criteria {
  /** `open`, a status, or '' for any. */
  status: string;
  kind: string;
  overdue: boolean;
  mine: boolean;
}

const criteriaOf = (filter: ProxyRequestListFilter): Criteria => ({
  status: filter.open ? 'open' : (filter.status ?? ''),
  kind: filter.kind ?? '',
  overdue: filter.overdue === true,
  // The console only ever filters by the signed-in person's own id.
  mine: filter.assignee_id !== undefined,
});

/** True when the queue shows what it shows by default (open requests, nothing else asked). */
export const isDefaultFilter = (filter: ProxyRequestListFilter) => Object.keys(filter).length === 1 && filter.open === true;

/**
 * The queue's filters, applied on "Search" (or Enter), never per change: each look at the queue
 * lists patients and is recorded in their access ledgers.
 */
export const ProxyRequestSearchForm = () => {
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const filterOf = (criteria: Criteria): ProxyRequestListFilter => {
    const filter: ProxyRequestListFilter = {};
    if (criteria.status === 'open') filter.open = true;
    else if (criteria.status) filter.status = criteria.status as ProxyRequestListFilter['status'];
    if (criteria.kind) filter.kind = criteria.kind as ProxyRequestListFilter['kind'];
    if (criteria.overdue) filter.overdue = true;
    if (criteria.mine && identity) filter.assignee_id = Number(identity.id);
    return filter;
  };
  const { criteria, change, submit, clear } = useSearchCriteria({ criteriaOf, filterOf, defaultFilter: OPEN_REQUESTS });

  return (
    <SearchForm label={translate('portal.proxy.search.label')} onSubmit={submit} onClear={clear}>
      <SelectFilter
        name="status"
        label={translate('resources.proxy-requests.fields.status')}
        value={criteria.status}
        onChange={(status) => change({ status })}
        minWidth={240}
      >
        <MenuItem value="open">{translate('portal.proxy.search.open')}</MenuItem>
        <MenuItem value="">{translate('portal.proxy.search.any_status')}</MenuItem>
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {translate(`portal.proxy.status.${status}`)}
          </MenuItem>
        ))}
      </SelectFilter>
      <SelectFilter
        name="kind"
        label={translate('resources.proxy-requests.fields.kind')}
        value={criteria.kind}
        onChange={(kind) => change({ kind })}
        minWidth={200}
      >
        <MenuItem value="">{translate('portal.proxy.search.any_kind')}</MenuItem>
        {KINDS.map((kind) => (
          <MenuItem key={kind} value={kind}>
            {translate(`portal.proxy.kind_choice.${kind}`)}
          </MenuItem>
        ))}
      </SelectFilter>
      <CheckboxFilter
        name="overdue"
        label={translate('portal.proxy.search.overdue_only')}
        checked={criteria.overdue}
        onChange={(overdue) => change({ overdue })}
      />
      <CheckboxFilter name="mine" label={translate('portal.proxy.search.mine')} checked={criteria.mine} onChange={(mine) => change({ mine })} />
    </SearchForm>
  );
};
