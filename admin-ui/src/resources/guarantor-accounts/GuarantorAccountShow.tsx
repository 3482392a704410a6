import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import { Show, useRecordContext, useTranslate } from 'react-admin';
import type { GuarantorAccount, GuarantorAccountDetail } from '@portaldesk/admin-api/contract';
import { Detail, DetailSection } from '../../components/Details.tsx';
import { formatDateTime, useOrganizationTimeZone } from '../../components/dates.tsx';
import { closedWords, guarantorName, PatientLinks, PayNowSentence } from './GuarantorAccountParts.tsx';
import { formatBalance } from './payNow.ts';
import { addMessages } from '../../i18n.ts';
import { guarantorAccountMessages } from './messages.ts';

addMessages(guarantorAccountMessages);

const Title = () => {
  const record = useRecordContext<GuarantorAccount>();
  const translate = useTranslate();
  return <>{record ? translate('portal.guarantor_accounts.title', { number: record.account_number }) : ''}</>;
};

/**
 * True for the account as its own page reads it. Coming from the list, react-admin first shows
 * the list's row (no address, location or patients) while it reads the account itself.
 */
const isDetail = (record: GuarantorAccount | GuarantorAccountDetail): record is GuarantorAccountDetail => 'patients' in record;

const AccountPage = () => {
  const record = useRecordContext<GuarantorAccount | GuarantorAccountDetail>();
  const translate = useTranslate();
  const timeZone = useOrganizationTimeZone();
  if (!record || !isDetail(record)) return null;
  const location = record.service_location;
  const formatDate = (value: string) => formatDateTime(value, timeZone);
  return (
    <Card sx={{ maxWidth: 1100 }}>
      <CardContent sx={{ '& > section:last-of-type': { mb: 0 } }}>
        <DetailSection title="portal.guarantor_accounts.sections.pay_now" prose>
          <Box sx={{ fontSize: 17 }}>
            <PayNowSentence payNow={record.payNow} locationName={location.name} />
          </Box>
        </DetailSection>
        <DetailSection title="portal.guarantor_accounts.sections.account">
          <Detail label="resources.guarantor-accounts.fields.account_number">{record.account_number}</Detail>
          <Detail label="portal.guarantor_accounts.balance">{formatBalance(record.balance_cents)}</Detail>
          <Detail label="portal.guarantor_accounts.status">{closedWords(record.closed_at, formatDate, translate)}</Detail>
          <Detail label="portal.guarantor_accounts.imported_at">{formatDate(record.imported_at)}</Detail>
        </DetailSection>
        <DetailSection title="portal.guarantor_accounts.sections.guarantor">
          <Detail label="resources.guarantor-accounts.fields.guarantor">{guarantorName(record)}</Detail>
          <Detail label="portal.guarantor_accounts.address">
            <Box>{record.address_line1}</Box>
            <Box>{`${record.city}, ${record.state} ${record.zip}`}</Box>
          </Detail>
        </DetailSection>
        <DetailSection title="portal.guarantor_accounts.sections.patients" prose>
          <PatientLinks patients={record.patients} />
        </DetailSection>
        <DetailSection title="portal.guarantor_accounts.sections.location">
          <Detail label="portal.guarantor_accounts.location">{location.name}</Detail>
          <Detail label="portal.guarantor_accounts.billing_phone">{location.billing_phone_display}</Detail>
          <Detail label="portal.guarantor_accounts.online_payments">
            {translate(location.accepts_online_payments ? 'portal.guarantor_accounts.takes_online_payments' : 'portal.guarantor_accounts.no_online_payments')}
          </Detail>
        </DetailSection>
      </CardContent>
    </Card>
  );
};

/**
 * One guarantor account as billing answers the phone with it: whether Pay Now is offered and why
 * not, the balance, the guarantor and address, the patients it covers (links to their records)
 * and the service location with its billing phone. Read only: accounts come from the billing
 * system's import.
 */
export const GuarantorAccountShow = () => (
  <Show title={<Title />} actions={false} component="div">
    <AccountPage />
  </Show>
);
