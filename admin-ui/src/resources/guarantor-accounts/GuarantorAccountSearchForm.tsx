import { useState, type FormEvent } from 'react';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useCanAccess, useGetList, useListContext, useTranslate } from 'react-admin';
import type { GuarantorAccountListFilter, ServiceLocation } from '@portaldesk/admin-api/contract';
import { SearchForm } from '../../components/SearchForm.tsx';
import { PAY_NOW_REASONS, payNowFilterLabel, type PayNowReason } from './payNow.ts';

/** The filters the list sends (patient_id and id belong to other pages). */
export type AccountFilter = Pick<GuarantorAccountListFilter, 'q' | 'service_location_id' | 'pay_now_reason'>;

interface Criteria {
  q: string;
  /** A location id, or '' for any. */
  location: string;
  reason: PayNowReason | '';
}

const criteriaOf = (filter: AccountFilter): Criteria => ({
  q: filter.q ?? '',
  location: filter.service_location_id ? String(filter.service_location_id) : '',
  reason: filter.pay_now_reason ?? '',
});

/** True when no filter is applied: the list shows every account. */
export const isUnfiltered = (filter: AccountFilter) => !filter.q && !filter.service_location_id && !filter.pay_now_reason;

/**
 * The locations billing may pick from, by name. Whoever may not list them (the privacy office)
 * filters by account number, name and Pay Now only.
 */
const useLocations = () => {
  const { canAccess } = useCanAccess({ action: 'list', resource: 'service-locations' });
  const { data } = useGetList<ServiceLocation>(
    'service-locations',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' }, filter: {} },
    { enabled: canAccess === true },
  );
  return canAccess === true ? (data ?? []) : null;
};

/**
 * The list's filters, applied on "Search" (or Enter), never per keystroke: each look at the list
 * shows guarantors' names and is audited.
 */
export const GuarantorAccountSearchForm = () => {
  const { filterValues, setFilters } = useListContext();
  const translate = useTranslate();
  const locations = useLocations();
  const [criteria, setCriteria] = useState<Criteria>(() => criteriaOf(filterValues));
  const change = (patch: Partial<Criteria>) => setCriteria((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filter: AccountFilter = {};
    if (criteria.q.trim()) filter.q = criteria.q.trim();
    if (criteria.location) filter.service_location_id = Number(criteria.location);
    if (criteria.reason) filter.pay_now_reason = criteria.reason;
    setFilters(filter, {}, false);
  };

  const clear = () => {
    setCriteria(criteriaOf({}));
    setFilters({}, {}, false);
  };

  return (
    <SearchForm label={translate('portal.guarantor_accounts.search.label')} onSubmit={submit} onClear={clear}>
      <TextField
        name="q"
        type="search"
        label={translate('resources.guarantor-accounts.fields.q')}
        value={criteria.q}
        onChange={(event) => change({ q: event.target.value })}
        helperText={translate('portal.guarantor_accounts.search.q_help')}
        slotProps={{ htmlInput: { maxLength: 100 } }}
        sx={{ minWidth: 280 }}
      />
      {locations ? (
        <TextField
          select
          name="service_location_id"
          label={translate('resources.guarantor-accounts.fields.service_location_id')}
          value={criteria.location}
          onChange={(event) => change({ location: event.target.value })}
          helperText=" "
          sx={{ minWidth: 220 }}
        >
          <MenuItem value="">{translate('portal.guarantor_accounts.search.any_location')}</MenuItem>
          {locations.map((location) => (
            <MenuItem key={location.id} value={String(location.id)}>
              {location.name}
            </MenuItem>
          ))}
        </TextField>
      ) : null}
      <TextField
        select
        name="pay_now_reason"
        label={translate('resources.guarantor-accounts.fields.pay_now_reason')}
        value={criteria.reason}
        onChange={(event) => change({ reason: event.target.value as PayNowReason | '' })}
        helperText=" "
        sx={{ minWidth: 300 }}
      >
        <MenuItem value="">{translate('portal.guarantor_accounts.search.any_reason')}</MenuItem>
        {PAY_NOW_REASONS.map((reason) => (
          <MenuItem key={reason} value={reason}>
            {payNowFilterLabel(reason, translate)}
          </MenuItem>
        ))}
      </TextField>
    </SearchForm>
  );
};
