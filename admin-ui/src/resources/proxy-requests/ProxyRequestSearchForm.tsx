import { useState, type FormEvent } from 'react';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useGetIdentity, useListContext, useTranslate } from 'react-admin';
import type { ProxyRequestListFilter } from '@portaldesk/admin-api/contract';
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
  const { filterValues, setFilters } = useListContext();
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const [criteria, setCriteria] = useState<Criteria>(() => criteriaOf(filterValues));
  const change = (patch: Partial<Criteria>) => setCriteria((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filter: ProxyRequestListFilter = {};
    if (criteria.status === 'open') filter.open = true;
    else if (criteria.status) filter.status = criteria.status as ProxyRequestListFilter['status'];
    if (criteria.kind) filter.kind = criteria.kind as ProxyRequestListFilter['kind'];
    if (criteria.overdue) filter.overdue = true;
    if (criteria.mine && identity) filter.assignee_id = Number(identity.id);
    setFilters(filter, {}, false);
  };

  const clear = () => {
    setCriteria(criteriaOf(OPEN_REQUESTS));
    setFilters(OPEN_REQUESTS, {}, false);
  };

  return (
    <SearchForm label={translate('portal.proxy.search.label')} onSubmit={submit} onClear={clear}>
      <TextField
        fullWidth={false}
        select
        name="status"
        label={translate('resources.proxy-requests.fields.status')}
        value={criteria.status}
        onChange={(event) => change({ status: event.target.value })}
        helperText=" "
        sx={{ minWidth: 240 }}
      >
        <MenuItem value="open">{translate('portal.proxy.search.open')}</MenuItem>
        <MenuItem value="">{translate('portal.proxy.search.any_status')}</MenuItem>
        {STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {translate(`portal.proxy.status.${status}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth={false}
        select
        name="kind"
        label={translate('resources.proxy-requests.fields.kind')}
        value={criteria.kind}
        onChange={(event) => change({ kind: event.target.value })}
        helperText=" "
        sx={{ minWidth: 200 }}
      >
        <MenuItem value="">{translate('portal.proxy.search.any_kind')}</MenuItem>
        {KINDS.map((kind) => (
          <MenuItem key={kind} value={kind}>
            {translate(`portal.proxy.kind_choice.${kind}`)}
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        sx={{ pt: 1 }}
        control={<Checkbox name="overdue" checked={criteria.overdue} onChange={(event) => change({ overdue: event.target.checked })} />}
        label={translate('portal.proxy.search.overdue_only')}
      />
      <FormControlLabel
        sx={{ pt: 1 }}
        control={<Checkbox name="mine" checked={criteria.mine} onChange={(event) => change({ mine: event.target.checked })} />}
        label={translate('portal.proxy.search.mine')}
      />
    </SearchForm>
  );
};
