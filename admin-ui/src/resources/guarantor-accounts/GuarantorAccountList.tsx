import type { MouseEvent } from 'react';
import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import Chip from '@mui/material/Chip';
import { DataTable, Link, List, useCreatePath, useListContext, useRecordContext, useTranslate } from 'react-admin';
import type { GuarantorAccount } from '@portaldesk/admin-api/contract';
import { EmptyState } from '../../components/EmptyState.tsx';
import { guarantorName, PayNowChip, RESOURCE } from './GuarantorAccountParts.tsx';
import { GuarantorAccountSearchForm, isUnfiltered } from './GuarantorAccountSearchForm.tsx';
import { formatBalance } from './payNow.ts';
import { addMessages } from '../../i18n.ts';
import { guarantorAccountMessages } from './messages.ts';

addMessages(guarantorAccountMessages);

const stopPropagation = (event: MouseEvent) => event.stopPropagation();

/** The account number; a link to the account, so keyboard users can Tab to a row and press Enter. */
const AccountNumberCell = () => {
  const record = useRecordContext<GuarantorAccount>();
  const translate = useTranslate();
  const createPath = useCreatePath();
  if (!record) return null;
  return (
    <>
      <Link to={createPath({ resource: RESOURCE, id: record.id, type: 'show' })} onClick={stopPropagation}>
        {record.account_number}
      </Link>
      {record.closed_at ? <Chip size="small" label={translate('portal.guarantor_accounts.closed')} sx={{ ml: 1 }} /> : null}
    </>
  );
};

const GuarantorCell = () => {
  const record = useRecordContext<GuarantorAccount>();
  return record ? <>{guarantorName(record)}</> : null;
};

/** Dollars as on the bill; a credit says so in words, not with a minus sign. */
const BalanceCell = () => {
  const record = useRecordContext<GuarantorAccount>();
  return record ? <>{formatBalance(record.balance_cents)}</> : null;
};

const PatientCountCell = () => {
  const record = useRecordContext<GuarantorAccount>();
  const translate = useTranslate();
  return record ? <>{translate('portal.guarantor_accounts.patients_count', { smart_count: record.patient_count })}</> : null;
};

const PayNowCell = () => {
  const record = useRecordContext<GuarantorAccount>();
  return record ? <PayNowChip payNow={record.payNow} /> : null;
};

/** No account at all (none imported yet), or none for the filters chosen. */
const Empty = () => {
  const { filterValues } = useListContext();
  const translate = useTranslate();
  const unfiltered = isUnfiltered(filterValues);
  return (
    <EmptyState
      icon={<AccountBalanceWalletIcon />}
      title={translate(unfiltered ? 'portal.guarantor_accounts.empty' : 'portal.guarantor_accounts.empty_filtered')}
    >
      {translate(unfiltered ? 'portal.guarantor_accounts.empty_help' : 'portal.guarantor_accounts.empty_filtered_help')}
    </EmptyState>
  );
};

/**
 * The guarantor accounts, for billing customer service and the privacy office: the account
 * number, the guarantor, the balance in dollars (a credit in words), the service location, and
 * whether the portal offers Pay Now and, if not, why.
 */
export const GuarantorAccountList = () => (
  <List
    filters={<GuarantorAccountSearchForm />}
    sort={{ field: 'account_number', order: 'ASC' }}
    actions={false}
    exporter={false}
    perPage={25}
    // The table's own empty state, with the filters still there: react-admin's replaces the page.
    empty={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false} empty={<Empty />}>
      <DataTable.Col source="account_number">
        <AccountNumberCell />
      </DataTable.Col>
      <DataTable.Col source="guarantor_family_name" label="resources.guarantor-accounts.fields.guarantor">
        <GuarantorCell />
      </DataTable.Col>
      <DataTable.Col source="balance_cents" align="right">
        <BalanceCell />
      </DataTable.Col>
      <DataTable.Col source="service_location_name" disableSort />
      <DataTable.Col source="patient_count" disableSort>
        <PatientCountCell />
      </DataTable.Col>
      <DataTable.Col source="payNow" disableSort>
        <PayNowCell />
      </DataTable.Col>
    </DataTable>
  </List>
);
